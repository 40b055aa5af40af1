package ai.lyceum.spark;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Spark entry point: {@code spark-submit --class ai.lyceum.spark.LyceumSpark lyceum-spark.jar verify math ...}.
 * The master comes from {@code spark-submit --master}; run as a plain Java program it defaults to {@code local[*]}.
 */
@Command(name = "lyceum-spark", mixinStandardHelpOptions = true, version = "lyceum-spark 0.1.0",
        description = "Lyceum batch jobs on Apache Spark.",
        subcommands = {LyceumSpark.Verify.class, LyceumSpark.Score.class, LyceumSpark.Eval.class, CommandLine.HelpCommand.class})
public final class LyceumSpark {
    public static void main(String[] args) {
        System.exit(new CommandLine(new LyceumSpark()).execute(args));
    }

    /** A session from spark-submit's settings, or a local one using every core when run without it. */
    static SparkSession session(String appName) {
        var builder = SparkSession.builder().appName(appName);
        if (System.getProperty("spark.master") == null) builder.master("local[*]");
        return builder.getOrCreate();
    }

    static void report(String what, long rows, String output, long startNanos) {
        System.err.printf("%s: %d rows written to %s in %.1f s%n", what, rows, output, (System.nanoTime() - startNanos) / 1e9);
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Verifier jobs.", subcommands = Verify.Math.class)
    static final class Verify {
        @Command(name = "math", mixinStandardHelpOptions = true, sortOptions = false,
                description = "Each {gold, pred} line as `lyceum verify math --input` writes it, plus its line number, as Parquet.")
        static final class Math implements Callable<Integer> {
            @Option(names = "--input", required = true, paramLabel = "PATH", description = "JSONL file(s) or Parquet (.parquet)") String input;
            @Option(names = "--output", required = true, paramLabel = "DIR", description = "Parquet output directory (must not exist)") String output;
            @Option(names = "--deadline-ms", defaultValue = "1000", description = "per-answer deadline (default: ${DEFAULT-VALUE})") long deadlineMs;

            @Override
            public Integer call() throws Exception {
                long t0 = System.nanoTime();
                try (var spark = session("lyceum verify math")) {
                    report("verify math", VerifyMathJob.run(spark, input, output, Duration.ofMillis(deadlineMs)), output, t0);
                }
                return 0;
            }
        }
    }

    @Command(name = "score", mixinStandardHelpOptions = true, description = "Scoring jobs.", subcommands = Score.Rubric.class)
    static final class Score {
        @Command(name = "rubric", mixinStandardHelpOptions = true, sortOptions = false,
                description = "Each {prompt, response, rubric} line as `lyceum score rubric` writes it, plus its line number, as Parquet.")
        static final class Rubric implements Callable<Integer> {
            @Option(names = "--input", required = true, paramLabel = "PATH", description = "JSONL file(s) or Parquet (.parquet)") String input;
            @Option(names = "--output", required = true, paramLabel = "DIR", description = "Parquet output directory (must not exist)") String output;
            @Option(names = "--judge", defaultValue = "openai", paramLabel = "openai|replay", description = "who grades (default: ${DEFAULT-VALUE})") String judge;
            @Option(names = "--judge-base-url", paramLabel = "URL", description = "judge server base URL including /v1") String baseUrl;
            @Option(names = "--judge-model", paramLabel = "M", description = "judge model name") String model;
            @Option(names = "--judge-api-key-env", paramLabel = "VAR", description = "variable holding the judge's API key on every executor") String apiKeyEnv;
            @Option(names = "--judge-mode", defaultValue = "per-criterion", paramLabel = "per-criterion|batched") String mode;
            @Option(names = "--judge-max-in-flight", defaultValue = "256", paramLabel = "N",
                    description = "judge requests in flight across the whole job (default: ${DEFAULT-VALUE}), split evenly over executors") int maxInFlight;
            @Option(names = "--executors", defaultValue = "1", paramLabel = "E",
                    description = "executors the job runs on, to split the in-flight cap (default: spark.executor.instances, else ${DEFAULT-VALUE})") int executors;
            @Option(names = "--concurrency", defaultValue = "64", paramLabel = "N", description = "lines in flight per partition (default: ${DEFAULT-VALUE})") int concurrency;
            @Option(names = "--aggregation", defaultValue = "explicit") String aggregation;
            @Option(names = "--grading", defaultValue = "ternary", paramLabel = "binary|ternary") String grading;
            @Option(names = "--clip", description = "clip explicit scores to [0, 1]") boolean clip;

            @Override
            public Integer call() throws Exception {
                long t0 = System.nanoTime();
                try (var spark = session("lyceum score rubric")) {
                    int e = spark.conf().getOption("spark.executor.instances").map(Integer::parseInt).getOrElse(() -> executors);
                    var spec = new JudgeSpec(judge, baseUrl, model, apiKeyEnv,
                            mode, aggregation, grading, clip, Math.max(1, maxInFlight / Math.max(1, e)));
                    report("score rubric", ScoreRubricJob.run(spark, input, output, spec, concurrency), output, t0);
                }
                return 0;
            }
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
            description = "An environment's tasks through a policy, rollouts spread over partitions; the rows of `lyceum eval`'s rollouts.jsonl, as Parquet.")
    static final class Eval implements Callable<Integer> {
        @Option(names = "--env", required = true, paramLabel = "NAME", description = "a built-in environment (gsm8k, math500, mbpp…)") String env;
        @Option(names = "--tasks", paramLabel = "FILE", description = "its tasks file, readable at this path on every executor") String tasks;
        @Option(names = "--data-dir", paramLabel = "DIR", description = "where default data sets live on every executor") String dataDir;
        @Option(names = "--sandbox", defaultValue = "bwrap", paramLabel = "bwrap|none") String sandbox;
        @Option(names = "--policy", required = true, paramLabel = "gold|openai") String policy;
        @Option(names = "--base-url", paramLabel = "URL") String baseUrl;
        @Option(names = "--model", paramLabel = "M") String model;
        @Option(names = "--api-key-env", paramLabel = "VAR", description = "variable holding the API key on every executor") String apiKeyEnv;
        @Option(names = "--samples", defaultValue = "1", paramLabel = "K") int samples;
        @Option(names = "--concurrency", defaultValue = "64", paramLabel = "C", description = "rollouts in flight per partition (default: ${DEFAULT-VALUE})") int concurrency;
        @Option(names = "--max-in-flight", defaultValue = "256", paramLabel = "N",
                description = "policy requests in flight across the job (default: ${DEFAULT-VALUE}), split evenly over executors") int maxInFlight;
        @Option(names = "--executors", defaultValue = "1", paramLabel = "E", description = "executors, to split the cap (default: spark.executor.instances, else ${DEFAULT-VALUE})") int executors;
        @Option(names = "--partitions", defaultValue = "8", paramLabel = "P", description = "task partitions (default: ${DEFAULT-VALUE})") int partitions;
        @Option(names = "--seed", defaultValue = "0") long seed;
        @Option(names = "--rollout-timeout", defaultValue = "1800", paramLabel = "SECONDS") long rolloutTimeoutSeconds;
        @Option(names = "--output", required = true, paramLabel = "DIR", description = "Parquet output directory (must not exist)") String output;

        @Override
        public Integer call() throws Exception {
            long t0 = System.nanoTime();
            try (var spark = session("lyceum eval " + env)) {
                int e = spark.conf().getOption("spark.executor.instances").map(Integer::parseInt).getOrElse(() -> executors);
                var spec = new EvalJob.Spec(env, orEmpty(tasks), orEmpty(dataDir), sandbox, policy, orEmpty(baseUrl), orEmpty(model),
                        orEmpty(apiKeyEnv), samples, concurrency, seed, rolloutTimeoutSeconds * 1000, Math.max(1, maxInFlight / Math.max(1, e)));
                report("eval " + env, EvalJob.run(spark, spec, output, partitions), output, t0);
            }
            return 0;
        }

        private static String orEmpty(String s) { return s == null ? "" : s; }
    }
}
