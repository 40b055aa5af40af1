package ai.lyceum.env.gsm8k;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.SharedData;
import ai.lyceum.env.Environments;
import ai.lyceum.eval.EvalSummary;
import ai.lyceum.policy.gold.GoldPolicy;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Gsm8kEnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void goldAnswersScoreFullMarksOnEveryTask() throws Exception {
        var env = Environments.create("gsm8k", Optional.empty(), SharedData.dir());
        var tasks = env.tasks();
        assertThat(tasks).hasSize(1319);
        assertThat(tasks.getFirst().prompt().getFirst().content()).startsWith("Janet").endsWith("'#### <number>'.");
        try (var store = RunStore.open(dir)) {
            new RolloutEngine(env, Map.of("assistant", new GoldPolicy()), store,
                    new RolloutEngine.Options(1, 32, 0, Duration.ofSeconds(30))).run(tasks, false, r -> {});
            store.flush();
            var summary = EvalSummary.of(store.rollouts(), 1.0, 0);
            assertThat(summary.meanReward()).isEqualTo(1.0);
            assertThat(summary.failures()).isEmpty();
        }
    }
}
