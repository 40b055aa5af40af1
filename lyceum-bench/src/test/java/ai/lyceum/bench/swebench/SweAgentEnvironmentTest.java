package ai.lyceum.bench.swebench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.Role;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.policy.openai.StubServer;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import ai.lyceum.sandbox.SandboxLimits;
import ai.lyceum.sandbox.SandboxProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bash-tool agent on the rollout engine against the loopback stub server, whose scripted replies apply the gold
 * patch with one command and then submit: the episode resolves the task and its trajectory lands in the run store.
 */
class SweAgentEnvironmentTest {
    @TempDir
    Path tmp;

    @Test
    void scriptedAgentApplyingTheGoldPatchResolvesTheTask() throws Exception {
        Assumptions.assumeTrue(LocalBackendTest.on("bwrap") && LocalBackendTest.pytestAvailable(), "bubblewrap or pytest missing");
        var task = LocalBackendTest.pythonTask(tmp);
        var command = "I will apply the fix.\n```bash\ncat > /tmp/fix.diff <<'PATCH'\n" + task.gold() + "PATCH\ngit apply /tmp/fix.diff && git status --short\n```\n";
        var limits = SandboxLimits.DEFAULT.withWall(Duration.ofSeconds(120)).withCpu(Duration.ofSeconds(60))
                .withMemoryBytes(1L << 30).withProcesses(256).withScratchBytes(512L << 20).withOutputBytes(1 << 20);
        try (var sandbox = SandboxProvider.named("bwrap").open(limits, 2);
             var stub = StubServer.start(StubServer.Faults.none(Duration.ZERO),
                     last -> last.startsWith("Observation") ? "The tests should pass now.\nsubmit" : command, 1);
             var policy = new OpenAiPolicy(OpenAiConfig.of(stub.baseUrl().toString(), "stub"));
             var env = new SweAgentEnvironment(List.of(new SweAgentEnvironment.AgentTask(task.instance(), task.repo(), task.scripts())),
                     sandbox, SweAgentEnvironment.Options.defaults());
             var store = RunStore.open(tmp.resolve("run"))) {
            var engine = new RolloutEngine(env, Map.of(Role.ASSISTANT, policy), store,
                    new RolloutEngine.Options(1, 1, 0, Duration.ofMinutes(3)));
            var report = engine.run(env.tasks(), false, r -> {});
            assertThat(report.recorded()).isEqualTo(1);
            store.flush();
            var rollout = store.rollouts().getFirst();
            assertThat(rollout.failureDetail()).isEmpty();
            assertThat(rollout.reward()).contains(1.0);
            assertThat(rollout.rewardsJson()).contains("RESOLVED").contains("\"fail_to_pass\":\"1/1\"");
            assertThat(rollout.trajectoryJson()).contains("git apply /tmp/fix.diff").contains("submit").contains("M calc.py");
        }
    }
}
