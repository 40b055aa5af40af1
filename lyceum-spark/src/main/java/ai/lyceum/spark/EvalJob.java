package ai.lyceum.spark;

import ai.lyceum.env.Environment;
import ai.lyceum.env.Environments;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.gold.GoldPolicy;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import ai.lyceum.task.Task;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code eval} on Spark: the environment's task ids are spread over partitions; each partition opens the
 * environment by name (its data file must be readable at the same path on every executor), runs the
 * {@link RolloutEngine} on its tasks into a scratch run store, and emits one row per rollout with the fields of
 * {@code lyceum eval}'s {@code rollouts.jsonl}: {@code task_id}, {@code sample}, {@code reward} (null when
 * failed) and {@code failure} (its type). Sampling seeds derive from the run seed, task and sample, so a
 * rollout does not depend on which partition ran it. Spark retries a failed partition from scratch.
 */
final class EvalJob {
    /** What an executor needs to rebuild the environment and the policy; no secrets, only the key's variable name. */
    record Spec(String env, String tasksFile, String dataDir, String sandbox, String policy, String baseUrl, String model,
                String apiKeyEnv, int samples, int concurrency, long seed, long rolloutTimeoutMs, int maxInFlightEach)
            implements Serializable {
        Environment openEnvironment() {
            var data = dataDir.isEmpty() ? Environments.defaultDataDir() : Path.of(dataDir);
            return Environments.create(env, tasksFile.isEmpty() ? Optional.empty() : Optional.of(Path.of(tasksFile)),
                    new Environments.Options(data, sandbox));
        }

        /** One policy per executor JVM and spec, shared by its tasks so the in-flight cap holds per executor. */
        Policy openPolicy() {
            return POLICIES.computeIfAbsent(this, s -> switch (s.policy) {
                case "gold" -> new GoldPolicy();
                case "openai" -> {
                    if (baseUrl.isEmpty() || model.isEmpty()) throw new IllegalArgumentException("--policy openai needs --base-url and --model");
                    var config = OpenAiConfig.of(baseUrl, model).withMaxInFlight(maxInFlightEach);
                    yield new OpenAiPolicy(apiKeyEnv.isEmpty() ? config : config.withApiKeyEnv(apiKeyEnv));
                }
                default -> throw new IllegalArgumentException("unknown policy '" + s.policy + "'; use gold or openai");
            });
        }
    }

    private static final Map<Spec, Policy> POLICIES = new ConcurrentHashMap<>();

    static final StructType SCHEMA = new StructType()
            .add("task_id", DataTypes.StringType, false)
            .add("sample", DataTypes.IntegerType, false)
            .add("reward", DataTypes.DoubleType, true)
            .add("failure", DataTypes.StringType, true);

    private EvalJob() {}

    static long run(SparkSession spark, Spec spec, String output, int partitions) throws Exception {
        List<String> ids;
        try (var env = spec.openEnvironment()) {
            ids = env.tasks().stream().map(Task::id).toList();
        }
        var rdd = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(ids, Math.max(1, Math.min(partitions, ids.size())))
                .mapPartitions((FlatMapFunction<Iterator<String>, Row>) it -> {
                    var mine = new HashSet<String>();
                    it.forEachRemaining(mine::add);
                    return rollouts(spec, mine).iterator();
                });
        var table = spark.createDataFrame(rdd, SCHEMA);
        table.write().mode(SaveMode.ErrorIfExists).parquet(output);
        return spark.read().parquet(output).count();
    }

    static List<Row> rollouts(Spec spec, Set<String> taskIds) throws Exception {
        if (taskIds.isEmpty()) return List.of();
        Path scratch = Files.createTempDirectory("lyceum-eval-");
        try (var env = spec.openEnvironment(); var store = RunStore.open(scratch)) {
            var tasks = env.tasks().stream().filter(t -> taskIds.contains(t.id())).toList();
            var engine = new RolloutEngine(env, Map.of(env.roles().getFirst(), spec.openPolicy()), store,
                    new RolloutEngine.Options(spec.samples(), spec.concurrency(), spec.seed(), Duration.ofMillis(spec.rolloutTimeoutMs())));
            var report = engine.run(tasks, false, r -> {});
            if (report.cancelled()) throw new IllegalStateException("rollouts cancelled");
            store.flush();
            var rows = new ArrayList<Row>();
            for (var r : store.rollouts()) {
                rows.add(RowFactory.create(r.taskId(), r.sample(), r.reward().orElse(null), r.failureType().orElse(null)));
            }
            rows.sort(Comparator.comparing((Row r) -> r.getString(0)).thenComparingInt(r -> r.getInt(1)));
            return rows;
        } finally {
            deleteTree(scratch);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (var p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
