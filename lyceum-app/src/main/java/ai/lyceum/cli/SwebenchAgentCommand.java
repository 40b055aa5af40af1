package ai.lyceum.cli;

import ai.lyceum.bench.swebench.SweAgentEnvironment;
import ai.lyceum.bench.swebench.SweProInstances;
import ai.lyceum.env.Role;
import ai.lyceum.policy.Sampling;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import ai.lyceum.sandbox.SandboxLimits;
import ai.lyceum.sandbox.SandboxProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lyceum swebench agent}: the bash-tool agent on local task folders, every command in the sandbox, every
 * trajectory and reward in the run store; run again on the same run directory to do only what is missing.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run the bash-tool agent on local task folders (instance.json, repo/, run_script.sh, parser.py).")
final class SwebenchAgentCommand implements Callable<Integer> {
    @Mixin
    PolicyOptions policy;

    @Option(names = "--tasks", required = true, paramLabel = "DIR",
            description = "one folder per task: instance.json (one published row), repo/ (git, base and solution commits),"
                    + " run_script.sh, parser.py")
    Path tasks;
    @Option(names = "--run-dir", required = true, paramLabel = "DIR") Path runDir;
    @Option(names = "--retry-failed", description = "also redo rollouts recorded with a failure") boolean retryFailed;
    @Option(names = "--samples", defaultValue = "1") int samples;
    @Option(names = "--concurrency", defaultValue = "2") int concurrency;
    @Option(names = "--max-turns", defaultValue = "50") int maxTurns;
    @Option(names = "--max-cost", defaultValue = "0", paramLabel = "USD", description = "stop an episode at this cost (0: no cap)")
    double maxCost;
    @Option(names = "--price-prompt", defaultValue = "0", paramLabel = "USD", description = "per million prompt tokens")
    double pricePrompt;
    @Option(names = "--price-output", defaultValue = "0", paramLabel = "USD", description = "per million completion tokens")
    double priceOutput;
    @Option(names = "--command-timeout", defaultValue = "300", paramLabel = "SECONDS") long commandTimeout;

    @Override
    public Integer call() throws Exception {
        var agentTasks = new ArrayList<SweAgentEnvironment.AgentTask>();
        try (var dirs = Files.list(tasks)) {
            for (var dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                var instances = SweProInstances.load(dir.resolve("instance.json"));
                if (instances.size() != 1) throw new IllegalArgumentException(dir.resolve("instance.json") + ": expected one instance");
                if (!Files.isDirectory(dir.resolve("repo/.git"))) throw new IllegalArgumentException(dir + ": no git repository in repo/");
                agentTasks.add(new SweAgentEnvironment.AgentTask(instances.values().iterator().next(), dir.resolve("repo"), dir));
            }
        }
        if (agentTasks.isEmpty()) throw new IllegalArgumentException(tasks + ": no task folders");
        var limits = SandboxLimits.DEFAULT.withWall(Duration.ofSeconds(commandTimeout)).withCpu(Duration.ofSeconds(commandTimeout))
                .withMemoryBytes(2L << 30).withProcesses(256).withScratchBytes(1L << 30).withOutputBytes(4 << 20);
        var options = new SweAgentEnvironment.Options(maxTurns, maxCost, pricePrompt, priceOutput, 8000, Sampling.DEFAULT);
        try (var sandbox = SandboxProvider.named("bwrap").open(limits, concurrency);
             var env = new SweAgentEnvironment(agentTasks, sandbox, options);
             var store = RunStore.open(runDir)) {
            var model = policy.create(concurrency);
            var engine = new RolloutEngine(env, Map.of(Role.ASSISTANT, model), store,
                    new RolloutEngine.Options(samples, concurrency, 0, Duration.ofHours(2)));
            var report = engine.run(env.tasks(), retryFailed, r -> System.out.println(r.taskId() + " #" + r.sample() + ": "
                    + r.failure().map(f -> "failed: " + f).orElseGet(() -> {
                        var reward = r.rewards().get(Role.ASSISTANT);
                        return reward == null ? "no reward" : "reward " + reward.value() + reward.failure().map(f -> " (" + f + ")").orElse("");
                    })));
            store.flush();
            long resolved = store.rollouts().stream().filter(r -> r.reward().orElse(0.0) == 1.0).count();
            System.out.printf("swebench agent: %d rollouts recorded (%d skipped), %d resolved of %d in %s%n",
                    report.recorded(), report.skipped(), resolved, store.rollouts().size(), runDir);
        }
        return 0;
    }
}
