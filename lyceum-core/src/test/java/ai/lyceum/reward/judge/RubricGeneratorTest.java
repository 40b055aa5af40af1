package ai.lyceum.reward.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.policy.openai.StubServer;
import ai.lyceum.reward.rubric.Category;
import ai.lyceum.reward.rubric.Criterion;
import ai.lyceum.reward.rubric.RubricWeighting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RubricGeneratorTest {
    @TempDir
    Path dir;

    static String item(String title, String description, int weight) {
        return "{\"title\": \"" + title + "\", \"description\": \"" + description + "\", \"weight\": " + weight + "}";
    }

    static final String GOOD = "Here is the rubric:\n```json\n[" + String.join(",\n",
            item("Correct Dose", "Essential Criteria: States the dose of 150 mEq.", 5),
            item("Formula Used", "Essential Criteria: Applies base deficit times weight times 0.3.", 5),
            item("Partial Correction", "Important Criteria: Explains why only half is given first.", 4),
            item("Monitoring", "Important Criteria: Recommends monitoring blood gases.", 3),
            item("Acidosis Severity", "Optional Criteria: Notes the acidosis is severe.", 2),
            item("Concise", "Optional Criteria: Is concise.", 1),
            item("Order", "Important Criteria: Presents the explanation before the final answer.", 3),
            item("Dose Stated", "Essential Criteria: States the dose of 150 mEq clearly.", 5),
            item("Overcorrection", "Pitfall Criteria: Does not mention the risk of overcorrection.", 2)) + "]\n```";

    @Test
    void parsesDeduplicatesAndStoresPitfallsNegative() {
        var rubric = RubricGenerator.parse(GOOD);
        assertThat(rubric.weighting()).isEqualTo(RubricWeighting.DATA_INTEGER);
        assertThat(rubric.size()).isEqualTo(8); // "States the dose of 150 mEq clearly" duplicates the first item
        var pitfall = rubric.criteria().getLast();
        assertThat(pitfall.category()).isEqualTo(Category.PITFALL);
        assertThat(pitfall.weight()).isEqualTo(-2.0);
        assertThat(rubric.criteria()).extracting(Criterion::title).doesNotContain("Dose Stated");
    }

    @Test
    void rejectsRubricsOutsideTheSchema() {
        assertThatThrownBy(() -> RubricGenerator.parse("[" + item("A", "Essential Criteria: x.", 5) + "]"))
                .hasMessageContaining("1 distinct items");
        assertThatThrownBy(() -> RubricGenerator.parse(GOOD.replace("\"weight\": 2}]", "\"weight\": 4}]")))
                .hasMessageContaining("pitfall weight 4");
        assertThatThrownBy(() -> RubricGenerator.parse(GOOD.replace("Optional Criteria: Is concise", "Nice: Is concise")))
                .hasMessageContaining("lacks a category prefix");
    }

    @Test
    void generatesThroughAModelRetriesInvalidRepliesAndCaches() throws Exception {
        var calls = new java.util.concurrent.atomic.AtomicInteger();
        try (var stub = StubServer.start(StubServer.Faults.none(Duration.ofMillis(1)),
                user -> calls.getAndIncrement() == 0 ? "[]" : GOOD, 1);
             var policy = new OpenAiPolicy(OpenAiConfig.of(stub.baseUrl().toString(), "gen"));
             var cache = JudgeCache.open(dir.resolve("gen.sqlite"))) {
            var generator = new RubricGenerator(policy, Optional.of(cache), RubricGenerator.Domain.MEDICINE, 3);
            var first = generator.generate("How much bicarbonate?", "About 150 mEq.");
            assertThat(first.size()).isEqualTo(8);
            assertThat(calls.get()).isEqualTo(2);
            assertThat(generator.generate("How much bicarbonate?", "About 150 mEq.")).isEqualTo(first);
            assertThat(calls.get()).isEqualTo(2);
        }
    }

    @Test
    void aModelThatNeverWritesAValidRubricIsATypedFailure() throws Exception {
        try (var stub = StubServer.start(StubServer.Faults.none(Duration.ofMillis(1)), user -> "no rubric today", 1);
             var policy = new OpenAiPolicy(OpenAiConfig.of(stub.baseUrl().toString(), "gen"))) {
            var generator = new RubricGenerator(policy, Optional.empty(), RubricGenerator.Domain.SCIENCE, 2);
            assertThatThrownBy(() -> generator.generate("q", "r")).isInstanceOf(FailureException.class)
                    .extracting(e -> ((FailureException) e).failure()).isInstanceOf(Failure.Unparseable.class);
        }
    }
}
