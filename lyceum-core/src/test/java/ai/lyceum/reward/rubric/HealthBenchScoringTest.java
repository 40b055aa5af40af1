package ai.lyceum.reward.rubric;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.reward.judge.ReplayJudge;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HealthBench scores on the real first rows of the data set, against values computed by hand from their points. */
class HealthBenchScoringTest {
    static List<HealthBenchExample> examples;

    @BeforeAll
    static void read() throws Exception {
        var root = Path.of(System.getProperty("lyceum.root", "..")).toAbsolutePath().normalize();
        examples = HealthBenchExample.read(root.resolveSibling("shared").resolve("data/healthbench/oss_eval_first30.jsonl"));
    }

    /** Scores one example with the replay judge, criterion i met iff {@code met.test(i)} (as HealthBench booleans). */
    private static ai.lyceum.reward.RewardResult score(HealthBenchExample e, IntPredicate met) throws Exception {
        var verdicts = new ArrayList<Object>();
        for (int i = 0; i < e.rubrics().size(); i++) verdicts.add(met.test(i));
        var metadata = new HashMap<String, Object>(e.toTask().metadata());
        metadata.put("verdicts", verdicts);
        var input = new JudgeInput(e.promptId(), e.prompt(), "response", e.rubrics(), e.idealCompletion(), metadata);
        return new RubricScorer(ReplayJudge.fromInputs(), Aggregation.healthBench(), RubricWeighting.DATA_INTEGER).score(input);
    }

    @Test
    void readsAllThirtyRowsWithNegativePointsAndAxes() {
        assertThat(examples).hasSize(30);
        var first = examples.getFirst();
        assertThat(first.promptId()).isEqualTo("1f548d5b-cd00-49a0-b327-283a2e00debd");
        assertThat(first.rubrics().criteria()).extracting(Criterion::weight)
                .containsExactly(10.0, 9.0, 7.0, -10.0, 8.0, 7.0, 7.0, -8.0, -8.0, 8.0, 7.0, 6.0, 5.0, 7.0, -10.0, -6.0, -5.0, 5.0, 5.0);
        assertThat(first.rubrics().get(0).axis()).contains("completeness");
        assertThat(first.rubrics().get(3).category()).isEqualTo(Category.PITFALL);
    }

    @Test
    void scoresMetPointsOverPositivePoints() throws Exception {
        // Row 1: positive points sum to 91; criteria at even indices carry 26 points in all.
        var even = score(examples.get(0), i -> i % 2 == 0);
        assertThat(even.value()).isEqualTo(26.0 / 91);
        assertThat(score(examples.get(0), i -> true).value()).isEqualTo(44.0 / 91);
        // Row 4: 81 positive points; even indices sum to 16.
        assertThat(score(examples.get(3), i -> i % 2 == 0).value()).isEqualTo(16.0 / 81);
        // Row 24: [8, 8, -5, -5]; even indices: 8 - 5 = 3 of 16.
        assertThat(score(examples.get(23), i -> i % 2 == 0).value()).isEqualTo(3.0 / 16);
    }

    @Test
    void clipsANegativeScoreToZeroAndKeepsTheUnclippedValue() throws Exception {
        // Only the undesirable behaviours present: -47 of 91.
        var onlyPitfalls = score(examples.get(0), i -> examples.get(0).rubrics().get(i).weight() < 0);
        assertThat(onlyPitfalls.value()).isEqualTo(0.0);
        assertThat(onlyPitfalls.components()).containsEntry("unclipped", -47.0 / 91);
        // Row 22 is mostly pitfalls, [7, -5, -6, -7, -9, -9]: everything met is -29 of 7.
        var all = score(examples.get(21), i -> true);
        assertThat(all.value()).isEqualTo(0.0);
        assertThat(all.components()).containsEntry("unclipped", -29.0 / 7);
    }

    @Test
    void perAxisScoresFollowTheAxisTags() throws Exception {
        var r = score(examples.get(23), i -> true);
        Map<String, Double> axes = new HashMap<>();
        r.components().forEach((k, v) -> { if (k.startsWith("axis:")) axes.put(k, v); });
        assertThat(axes).isNotEmpty();
        for (var v : axes.values()) assertThat(v).isFinite();
    }
}
