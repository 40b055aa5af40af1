package ai.lyceum.env.procedural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.lyceum.env.Role;
import ai.lyceum.env.Step;
import ai.lyceum.env.Trajectory;
import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.Completion;
import ai.lyceum.reward.rubric.Category;
import ai.lyceum.reward.rubric.Check;
import ai.lyceum.reward.rubric.Criterion;
import ai.lyceum.reward.rubric.Rubric;
import ai.lyceum.reward.rubric.RubricJson;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RubricWritingEnvironmentTest {
    private final RubricWritingEnvironment env = RubricWritingEnvironment.standard();

    /** Training weights: format 1.0 (Essential), no repetition 0.9 (pitfall, inverted), then the constraints. */
    private static final double FORMAT = 1.0, NO_REPEAT = 0.9, INCLUDE = 1.0, COUNT = 0.7, END = 0.7, START = 0.3, BAN = 0.9;

    private static Task task(String prompt) {
        return RubricWritingEnvironment.task(WritingConstraints.parse(prompt), "unused");
    }

    @Test
    void everyGeneratedReferenceMeetsItsWholeRubricAndFitsTheTinyContext() {
        var random = new SplittableRandom(3);
        int budget = ProceduralEnvironment.TINY_CONTEXT;
        for (int i = 0; i < 500; i++) {
            Task t = env.generate(random);
            String prompt = t.prompt().getFirst().content(), reference = t.reference().orElseThrow();
            assertThat(env.grade(t, reference).value()).as(prompt + " -> " + reference).isEqualTo(1.0);
            assertThat(WritingConstraints.parse(prompt).prompt()).isEqualTo(prompt);
            assertThat(WritingConstraints.parse(prompt).size()).isEqualTo(3);
            var rubric = rubric(t);
            assertThat(rubric.size()).isEqualTo(5); // format, repetition, three constraints
            assertThat(rubric.criteria()).allSatisfy(c -> assertThat(c.check()).isInstanceOf(Check.Programmatic.class));
            int guided = 1 + env.withGuidance(t, env.hint(t)).getFirst().content().length();
            assertThat(guided + env.maxTokens()).isLessThanOrEqualTo(budget);
            assertThat(prompt.length() + reference.length()).isLessThanOrEqualTo(48);
        }
    }

    @Test
    void aCompletionMeetingSomeCriteriaEarnsTheirShareOfTheWeight() {
        Task t = task("+cat,#3,$!>");
        double all = FORMAT + NO_REPEAT + INCLUDE + COUNT + END;
        assertThat(env.grade(t, "sun cat dog!").value()).isEqualTo(1.0);
        assertThat(env.grade(t, "sun cat dog.").value()).isCloseTo((all - END) / all, within(1e-9));
        assertThat(env.grade(t, "sun dog!").value()).isCloseTo((FORMAT + NO_REPEAT + END) / all, within(1e-9));
        assertThat(env.grade(t, "cat cat cat!").value()).isCloseTo((all - NO_REPEAT) / all, within(1e-9));
        assertThat(env.grade(t, "sun cat dog!").value()).isGreaterThan(env.grade(t, "sun cat dog.").value());
        // Only the repetition pitfall is avoided by an empty answer: partial credit is never free.
        assertThat(env.grade(t, "").value()).isCloseTo(NO_REPEAT / all, within(1e-9));
    }

    @Test
    void theBannedLetterIsAPitfallThatCountsWhenAvoided() {
        Task t = task("#2,^h,-e>");
        double all = FORMAT + NO_REPEAT + COUNT + START + BAN;
        assertThat(env.grade(t, "hat owl").value()).isLessThan(1.0); // "hat" is not a vocabulary word
        assertThat(env.grade(t, "hen owl").value()).isCloseTo((all - BAN) / all, within(1e-9));
        assertThat(env.grade(t, "cat owl").value()).isCloseTo((all - START) / all, within(1e-9));
        var meta = rubric(t).criteria();
        assertThat(meta).extracting(Criterion::category).containsExactly(Category.ESSENTIAL, Category.PITFALL,
                Category.IMPORTANT, Category.OPTIONAL, Category.PITFALL);
        assertThat(meta).extracting(Criterion::weight).containsExactly(5.0, -1.0, 4.0, 2.0, -2.0);
    }

    @Test
    void theResultCarriesTheCoreScorersVerdictsInTheTrainingConvention() {
        Task t = task("+cat,$?>");
        var r = env.grade(t, "cat dog.");
        assertThat(r.failure()).isEmpty();
        assertThat(r.diagnostics()).containsEntry("weighting", "CATEGORY_PAPER").containsEntry("aggregation", "explicit")
                .containsEntry("pitfalls", "inverted_verdict").containsEntry("answer", "cat dog.");
        assertThat((List<?>) r.diagnostics().get("verdicts")).hasSize(4);
        // As an Environment, an episode's score is that same result.
        var episode = env.start(t);
        assertThat(episode.begin()).isInstanceOf(Step.Act.class);
        var turn = new Trajectory.Turn(Role.ASSISTANT, t.prompt(), Completion.ofText("cat dog."));
        assertThat(episode.score(new Trajectory(t, List.of(turn))).get(Role.ASSISTANT).value()).isEqualTo(r.value());
    }

    @Test
    void aRubricThatCannotBeScoredIsATypedFailureNotAZero() {
        var judged = Criterion.judged("Tone", "Essential Criteria: Sounds friendly.", 5);
        var t = new Task("hand-made", List.of(Message.user("+cat>")), Optional.of("cat dog"),
                Map.of(RubricJson.METADATA_KEY, RubricJson.toMetadata(new Rubric(List.of(judged)))));
        assertThat(env.grade(t, "cat dog").failure()).get().isInstanceOf(Failure.RewardError.class);
        var bare = new Task("no-rubric", List.of(Message.user("+cat>")), Optional.of("cat dog"), Map.of());
        assertThat(env.grade(bare, "cat dog").failure()).get().satisfies(f -> assertThat(f.detail()).contains("no 'rubric'"));
    }

    @Test
    void theHintIsTheReferenceWrittenBeforeThePrompt() {
        Task t = env.generate(new SplittableRandom(1));
        assertThat(env.hint(t)).isEqualTo(t.reference().orElseThrow());
        assertThat(env.withGuidance(t, env.hint(t)).getFirst().content())
                .isEqualTo(t.reference().orElseThrow() + ";" + t.prompt().getFirst().content());
    }

    @Test
    void warmStartExamplesAreWellFormedAndHonourEachConstraintOnlyAtTheFidelity() {
        var random = new SplittableRandom(5);
        int criteria = 0, met = 0;
        for (int i = 0; i < 2000; i++) {
            var plain = env.sftExample(random, false);
            String prompt = plain.prompt().getFirst().content();
            Task t = RubricWritingEnvironment.task(WritingConstraints.parse(prompt), "unused");
            assertThat(plain.guided()).isFalse();
            assertThat(plain.completion()).matches("[a-z]{3}( [a-z]{3}){1,3}[!?.]?");
            var result = env.grade(t, plain.completion());
            @SuppressWarnings("unchecked")
            var verdicts = (List<Map<String, Object>>) result.diagnostics().get("verdicts");
            assertThat(verdicts.get(0).get("score")).as("format").isEqualTo(1.0);
            assertThat(verdicts.get(1).get("score")).as("no repetition").isEqualTo(1.0);
            for (var v : verdicts.subList(2, verdicts.size())) {
                criteria++;
                if ((double) v.get("score") == 1.0) met++;
            }
            var guided = env.sftExample(random, true);
            String[] parts = guided.prompt().getFirst().content().split(";");
            assertThat(guided.guided()).isTrue();
            assertThat(parts[0]).isEqualTo(guided.completion());
            assertThat(env.grade(RubricWritingEnvironment.task(WritingConstraints.parse(parts[1]), "unused"),
                    guided.completion()).value()).isEqualTo(1.0);
        }
        // Honoured with probability 0.4; an ignored clause is still met by chance now and then.
        assertThat((double) met / criteria).isBetween(0.45, 0.65);
    }

    @Test
    void thePromptLanguageRejectsMalformedPrompts() {
        assertThat(WritingConstraints.parse("+cat,#3,$!,^s,-e>")).isEqualTo(new WritingConstraints(Optional.of("cat"),
                OptionalInt.of(3), Optional.of('!'), Optional.of('s'), Optional.of('e')));
        assertThatThrownBy(() -> WritingConstraints.parse("#3,+cat>")).hasMessageContaining("out-of-order clause '+cat'");
        assertThatThrownBy(() -> WritingConstraints.parse("+cat,#3")).hasMessageContaining("ends with '>'");
        assertThatThrownBy(() -> WritingConstraints.parse("$x>")).hasMessageContaining("one of !?.");
        assertThatThrownBy(() -> WritingConstraints.parse("#a>")).hasMessageContaining("digit");
    }

    @Test
    void theHeldOutSetIsStableAndTheRegistryKnowsTheEnvironment() {
        var a = env.tasks();
        assertThat(a).hasSize(512).extracting(Task::id).doesNotHaveDuplicates();
        assertThat(RubricWritingEnvironment.standard().tasks()).isEqualTo(a);
        assertThat(ai.lyceum.env.Environments.names()).contains("rubric-writing");
        assertThat(Optional.of(Registry.procedural("rubric-writing", OptionalInt.of(5)))).get()
                .satisfies(e -> assertThat(e.generate(new SplittableRandom(2)).id()).matches("\\+\\w+,#\\d,\\$.,\\^.,-.>"));
        assertThatThrownBy(() -> new RubricWritingEnvironment(6, 0.4, 10)).hasMessageContaining("1–5");
    }

    private static Rubric rubric(Task t) {
        try {
            return RubricJson.fromMetadata(t.metadata().get(RubricJson.METADATA_KEY), t.id());
        } catch (ai.lyceum.dataset.DatasetException e) {
            throw new AssertionError(e);
        }
    }
}
