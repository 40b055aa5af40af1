package ai.lyceum.cli;

import ai.lyceum.env.Environment;
import ai.lyceum.env.Environments;
import ai.lyceum.eval.Evaluation;
import ai.lyceum.reward.rubric.RubricEnvironment;
import ai.lyceum.rollout.RolloutEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lyceum eval}: run an environment's tasks through a policy and report. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a policy on an environment; every rollout is recorded in DIR/run.db as it finishes.",
                "Writes DIR/rollouts.jsonl and DIR/summary.json at the end. Ctrl-C or a kill loses no finished",
                "rollout: run the same command with --resume to finish the rest."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--env", required = true, paramLabel = "NAME", description = "environment: ${COMPLETION-CANDIDATES}, or rubric:FILE",
            completionCandidates = EnvironmentNames.class)
    String env;

    @Option(names = "--tasks", paramLabel = "FILE", description = "read the environment's tasks from FILE (same format)")
    Path tasks;

    @Mixin
    PolicyOptions policy;

    @Mixin
    JudgeOptionsMixin judge;

    @Option(names = "--samples", defaultValue = "1", paramLabel = "K", description = "samples per task (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--concurrency", defaultValue = "64", paramLabel = "C",
            description = "rollouts in flight (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "first N tasks only (default: all)")
    int limit;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "run seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "run directory")
    Path out;

    @Option(names = "--resume", description = "continue the run in DIR, skipping recorded rollouts")
    boolean resume;

    @Option(names = "--retry-failed", description = "with --resume, also redo rollouts recorded with a failure")
    boolean retryFailed;

    @Option(names = "--rollout-timeout", defaultValue = "1800", paramLabel = "SECONDS",
            description = "wall-clock limit for one rollout (default: ${DEFAULT-VALUE})")
    double rolloutTimeoutSeconds;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where default data sets live (default: LYCEUM_DATA or ../shared/data)")
    Path dataDir;

    @Option(names = "--sandbox", defaultValue = "bwrap", paramLabel = "bwrap|none",
            description = "where code environments run answers (default: ${DEFAULT-VALUE}; none is for trusted code only)")
    String sandbox;

    @Option(names = "--json", description = "print the summary as JSON instead of a table")
    boolean json;

    static final class EnvironmentNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() { return Environments.names().iterator(); }
    }

    /** A built-in environment, or {@code rubric:FILE}: prompts graded against their own rubrics by the judge. */
    private Environment environment() throws Exception {
        if (env.startsWith(RubricEnvironment.PREFIX)) {
            var file = Path.of(env.substring(RubricEnvironment.PREFIX.length()));
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException(env + ": no such file " + file);
            return RubricEnvironment.create(file, judge.scorer());
        }
        return Environments.create(env, Optional.ofNullable(tasks),
                new Environments.Options(dataDir != null ? dataDir : Environments.defaultDataDir(), sandbox));
    }

    @Override
    public Integer call() throws Exception {
        if (retryFailed && !resume) throw new IllegalArgumentException("--retry-failed needs --resume");
        var tasksFile = tasks != null ? tasks.toAbsolutePath().normalize().toString() : "default";
        try (var judgeResources = judge;
             var environment = environment();
             var p = policy.create(concurrency);
             var progress = new Progress("eval " + env, System.out, json)) {
            var spec = new Evaluation.Spec(environment, tasksFile, p, samples, concurrency, limit, seed,
                    Duration.ofMillis((long) (rolloutTimeoutSeconds * 1000)), resume, retryFailed, 1.0);
            var engineRef = new AtomicReference<RolloutEngine>();
            var finished = new CountDownLatch(1);
            // Ctrl-C: stop starting rollouts, let the store commit what finished, then let the JVM exit.
            var hook = Thread.ofPlatform().unstarted(() -> {
                var engine = engineRef.get();
                if (engine != null) engine.cancel();
                try {
                    finished.await();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                var result = Evaluation.run(spec, out, progress, engineRef::set);
                progress.close();
                Reports.printEval(System.out, env, p.describe(), samples, result, json);
                if (result.report().cancelled()) {
                    System.err.printf("interrupted: %d rollouts recorded; run again with --resume to finish%n",
                            result.summary().rollouts());
                    return 130;
                }
                return 0;
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for us, nothing to remove
                }
            }
        }
    }
}
