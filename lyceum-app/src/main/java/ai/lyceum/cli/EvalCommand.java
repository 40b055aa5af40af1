package ai.lyceum.cli;

import ai.lyceum.env.Environment;
import ai.lyceum.env.Environments;
import ai.lyceum.eval.Evaluation;
import ai.lyceum.policy.Sampling;
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
        description = {"Evaluate a policy on an environment, recording every rollout as it finishes.",
                "Rollouts go to DIR/run.db as they finish; DIR/rollouts.jsonl and DIR/summary.json are written at the end.",
                "Ctrl-C or a kill loses no finished rollout: run the same command with --resume to finish the rest.",
                "Exit status: 0 done, 2 bad input, 3 nothing scored or more failures than --max-failure-rate, 130 interrupted."},
        footer = {"", "Examples:",
                "  lyceum eval --env math500 --policy gold --out runs/math500-gold",
                "  lyceum eval --env gsm8k --policy openai --base-url http://127.0.0.1:8000/v1 --model Qwen/Qwen2.5-1.5B-Instruct \\",
                "      --samples 4 --temperature 0.6 --out runs/gsm8k-qwen",
                "  lyceum eval --env cipher --policy embedded:runs/demo/checkpoint-sft --temperature 0 --out runs/cipher-greedy",
                "  lyceum eval --env tictactoe-v0 --policy player-0=openai:qwen --policy player-1=minimax \\",
                "      --base-url http://127.0.0.1:8000/v1 --out runs/ttt-qwen-vs-minimax"})
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

    @Option(names = "--temperature", paramLabel = "T",
            description = "sampling temperature for every turn, 0 = greedy (default: the environment's, else the policy's)")
    Double temperature;

    @Option(names = "--top-p", paramLabel = "P", description = "nucleus sampling mass in (0, 1] (default: the environment's, else 1)")
    Double topP;

    @Option(names = "--max-tokens", paramLabel = "N", description = "new tokens per turn at most (default: the environment's)")
    Integer maxTokens;

    @Option(names = "--max-failure-rate", defaultValue = "0.25", paramLabel = "R",
            description = "exit 3 when more than this share of rollouts failed (default: ${DEFAULT-VALUE}; 1 never)")
    double maxFailureRate;

    @Option(names = "--json", description = "print the summary as JSON instead of a table")
    boolean json;

    /** Exit status of a run that finished but whose figures cannot be trusted: nothing scored, or too many failures. */
    static final int EXIT_UNTRUSTWORTHY = 3;

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
        if (!Environments.exists(env)) {
            throw new IllegalArgumentException("unknown environment '" + env + "'; one of " + String.join(", ", new EnvironmentNames())
                    + ", or rubric:FILE; append " + Environments.FEEDBACK_SUFFIX + " for teacher-feedback episodes");
        }
        return Environments.create(env, Optional.ofNullable(tasks),
                new Environments.Options(dataDir != null ? dataDir : Environments.defaultDataDir(), sandbox));
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    private java.io.PrintWriter err() { return commandSpec.commandLine().getErr(); }

    private Sampling sampling() {
        var s = Sampling.DEFAULT;
        if (temperature != null) s = s.withTemperature(temperature);
        if (topP != null) s = s.withTopP(topP);
        if (maxTokens != null) s = s.withMaxTokens(maxTokens);
        return s;
    }

    /** 0 when the figures mean something; otherwise says why on stderr and returns {@link #EXIT_UNTRUSTWORTHY}. */
    private int verdict(Evaluation.Result result) {
        var s = result.summary();
        if (s.rollouts() == 0) {
            err().println("lyceum: no rollout was run: " + env + " has no tasks"
                    + (tasks != null ? " in " + tasks : "") + (limit > 0 ? " within --limit " + limit : ""));
            return EXIT_UNTRUSTWORTHY;
        }
        if (s.scored() == 0) {
            err().printf("lyceum: every one of the %d rollouts failed (%s); nothing was scored%n", s.rollouts(),
                    Reports.counts(s.failures()));
            return EXIT_UNTRUSTWORTHY;
        }
        double failedShare = (s.rollouts() - s.scored()) / (double) s.rollouts();
        if (failedShare > maxFailureRate) {
            err().printf("lyceum: %.1f%% of rollouts failed (%s), more than --max-failure-rate %s%n",
                    100 * failedShare, Reports.counts(s.failures()), maxFailureRate);
            return EXIT_UNTRUSTWORTHY;
        }
        return 0;
    }

    @Override
    public Integer call() throws Exception {
        if (retryFailed && !resume) throw new IllegalArgumentException("--retry-failed needs --resume");
        if (!(maxFailureRate >= 0 && maxFailureRate <= 1)) {
            throw new IllegalArgumentException("--max-failure-rate must be in [0, 1], was " + maxFailureRate);
        }
        var sampling = sampling();
        var tasksFile = tasks != null ? tasks.toAbsolutePath().normalize().toString() : "default";
        try (var judgeResources = judge;
             var environment = environment();
             var cast = policy.createForRoles(environment.roles(), concurrency);
             var progress = new Progress("eval " + env, System.out, json)) {
            var p = cast.primary();
            var spec = new Evaluation.Spec(environment, tasksFile, p, samples, concurrency, limit, seed,
                    Duration.ofMillis((long) (rolloutTimeoutSeconds * 1000)), resume, retryFailed, 1.0, sampling,
                    policy.identity(cast), cast.byRole());
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
                Reports.printEval(System.out, env, policy.namesRoles() ? spec.policyId() : p.describe(), samples, result, json);
                if (result.report().cancelled()) {
                    err().printf("interrupted: %d of %d rollouts recorded; run again with --resume to finish%n",
                            result.summary().rollouts(), result.planned());
                    return 130;
                }
                return verdict(result);
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
