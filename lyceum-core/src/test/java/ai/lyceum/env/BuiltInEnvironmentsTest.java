package ai.lyceum.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.SharedData;
import ai.lyceum.eval.EvalSummary;
import ai.lyceum.policy.gold.GoldPolicy;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An environment is only trustworthy if its gold answers score full marks through the whole engine. */
class BuiltInEnvironmentsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}: gold scores 1.0 on {1} tasks")
    @CsvSource({"gsm8k, 1319, 0", "math500, 500, 0", "aime24, 30, 0", "amc23, 40, 0", "minerva, 272, 0",
            "mmlu-stem, 3018, 0", "humaneval, 164, 40", "mbpp, 427, 40"})
    void goldAnswersScoreFullMarks(String name, int taskCount, int limit) throws Exception {
        // The code environments' gold answers are all checked in the code reward's own tests; here a slice
        // proves the environment wiring without running 600 sandboxed programs twice.
        try (var env = Environments.create(name, Optional.empty(), new Environments.Options(SharedData.dir(), "bwrap"));
             var store = RunStore.open(dir)) {
            var tasks = env.tasks();
            assertThat(tasks).hasSize(taskCount);
            assertThat(tasks.stream().map(t -> t.id()).distinct()).hasSize(taskCount);
            var run = limit > 0 ? tasks.subList(0, limit) : tasks;
            new RolloutEngine(env, Map.of(Role.ASSISTANT, new GoldPolicy()), store,
                    new RolloutEngine.Options(1, 16, 0, Duration.ofMinutes(2))).run(run, false, r -> {});
            store.flush();
            var summary = EvalSummary.of(store.rollouts(), 1.0, 0);
            assertThat(summary.failures()).isEmpty();
            assertThat(summary.meanReward()).isEqualTo(1.0);
        }
    }

    @Test
    void mmluAsksWithLetteredChoicesAndExpectsTheLetterOfTheIndexedAnswer() throws Exception {
        try (var env = Environments.create("mmlu-stem", Optional.empty(), Environments.Options.defaults())) {
            var first = env.tasks().getFirst();
            assertThat(first.prompt().getFirst().content()).contains("\nA. ", "\nD. ", "Answer: X");
            assertThat(first.reference()).contains("C"); // the file stores answer index 2
        }
    }

    @Test
    void anUnknownNameOrMissingFileSaysWhatToDo() {
        assertThatThrownBy(() -> Environments.create("gsm9k", Optional.empty(), Environments.Options.defaults()))
                .hasMessageContaining("unknown environment 'gsm9k'").hasMessageContaining("math500");
        assertThatThrownBy(() -> Environments.create("gsm8k", Optional.empty(), new Environments.Options(dir, "bwrap")))
                .hasMessageContaining("needs its tasks file").hasMessageContaining("--tasks FILE");
    }
}
