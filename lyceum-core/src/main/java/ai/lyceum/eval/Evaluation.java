package ai.lyceum.eval;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.env.Environment;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.Sampling;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RolloutsExport;
import ai.lyceum.run.RunManifest;
import ai.lyceum.run.RunStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One evaluation run into a run directory: checks that a resumed run is the same experiment, runs what the store
 * does not hold yet, then writes {@code rollouts.jsonl} and {@code summary.json} from everything the store holds.
 */
public final class Evaluation {
    public static final String SUMMARY_FILE = "summary.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param tasksFile     where the tasks came from (recorded, and compared on resume)
     * @param limit         evaluate the first {@code limit} tasks only; 0 = all
     * @param resume        continue the run already in the directory
     * @param retryFailed   on resume, also redo rollouts recorded with a failure
     * @param passThreshold reward at or above which a rollout passes
     * @param sampling      settings that replace the environment's at every turn (recorded, compared on resume)
     * @param policyId      what the manifest records of the policies, so a resume with other ones is refused
     *                      (a checkpoint's content hash, say); defaults to {@code policy.describe()}
     * @param rolePolicies  policies for named roles of a multi-agent environment (a teacher, an opponent);
     *                      {@code policy} plays every role not named here
     */
    public record Spec(Environment environment, String tasksFile, Policy policy, int samples, int concurrency,
                       int limit, long seed, Duration rolloutTimeout, boolean resume, boolean retryFailed,
                       double passThreshold, Sampling sampling, String policyId, Map<String, Policy> rolePolicies) {
        public Spec(Environment environment, String tasksFile, Policy policy, int samples, int concurrency, int limit,
                    long seed, Duration rolloutTimeout, boolean resume, boolean retryFailed, double passThreshold,
                    Sampling sampling, String policyId) {
            this(environment, tasksFile, policy, samples, concurrency, limit, seed, rolloutTimeout, resume, retryFailed,
                    passThreshold, sampling, policyId, Map.of());
        }

        public Spec(Environment environment, String tasksFile, Policy policy, int samples, int concurrency, int limit,
                    long seed, Duration rolloutTimeout, boolean resume, boolean retryFailed, double passThreshold) {
            this(environment, tasksFile, policy, samples, concurrency, limit, seed, rolloutTimeout, resume, retryFailed,
                    passThreshold, Sampling.DEFAULT, policy.describe());
        }

        public Spec {
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(sampling, "sampling");
            Objects.requireNonNull(policyId, "policyId");
            rolePolicies = Map.copyOf(rolePolicies);
            var unknown = new java.util.TreeSet<>(rolePolicies.keySet());
            unknown.removeAll(environment.roles());
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(environment.name() + " has no role " + String.join(", ", unknown)
                        + "; its roles are " + String.join(", ", environment.roles()));
            }
            if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        }

        /** The policy playing each of the environment's roles. */
        public Map<String, Policy> policies() {
            var out = new LinkedHashMap<String, Policy>();
            for (String role : environment.roles()) out.put(role, rolePolicies.getOrDefault(role, policy));
            return out;
        }

        /** Every distinct policy's counters (retries by failure type, say), summed by name. */
        Map<String, Long> counters() {
            var out = new java.util.TreeMap<String, Long>();
            for (var p : new java.util.LinkedHashSet<>(policies().values())) p.counters().forEach((k, v) -> out.merge(k, v, Long::sum));
            return out;
        }
    }

    /**
     * @param wall    wall time summed over every segment of the run (starts and resumes)
     * @param planned tasks × samples the run is meant to hold
     * @param partial whether some planned rollout is not recorded yet (an interrupted run)
     */
    public record Result(EvalSummary summary, RolloutEngine.Report report, Map<String, Long> counters,
                         Duration wall, Path summaryFile, Path rolloutsFile, int plannedTasks, int planned,
                         boolean partial) {}

    private Evaluation() {}

    /**
     * @param started receives the engine before it starts, so a caller can cancel it (Ctrl-C)
     */
    public static Result run(Spec spec, Path out, RolloutEngine.Listener listener, Consumer<RolloutEngine> started)
            throws IOException, DatasetException, InterruptedException {
        var manifest = new RunManifest(spec.environment().name(), spec.tasksFile(), spec.policyId(),
                spec.samples(), spec.limit(), spec.seed(), spec.sampling().describeSet());
        var tasks = spec.environment().tasks();
        if (spec.limit() > 0 && tasks.size() > spec.limit()) tasks = tasks.subList(0, spec.limit());
        try (var store = RunStore.open(out)) {
            var stored = store.manifest();
            if (stored.isPresent() && !spec.resume()) {
                throw new IllegalArgumentException(out + " already holds a run (" + stored.get().environment()
                        + ", " + stored.get().policy() + "); pass --resume to continue it or choose another --out");
            }
            if (stored.isPresent()) {
                var mismatch = stored.get().mismatch(manifest);
                if (mismatch.isPresent()) {
                    throw new IllegalArgumentException("cannot resume " + out + ": " + mismatch.get());
                }
            } else {
                store.saveManifest(manifest);
            }
            var engine = new RolloutEngine(spec.environment(), spec.policies(), store, new RolloutEngine.Options(spec.samples(), spec.concurrency(), spec.seed(), spec.rolloutTimeout(),
                    spec.sampling()));
            started.accept(engine);
            RolloutEngine.Report report = null;
            store.beginSegment(spec::counters); // retries are committed as they happen, not only at the end
            try {
                report = engine.run(tasks, spec.retryFailed(), listener);
            } finally {
                store.endSegment(report != null && !report.cancelled());
            }
            var records = store.rollouts();
            var summary = EvalSummary.of(records, spec.passThreshold(), spec.seed());
            var counters = store.counts();
            var wall = store.wallTime();
            var plannedKeys = new java.util.HashSet<ai.lyceum.rollout.RolloutKey>();
            for (var task : tasks) {
                for (int s = 0; s < spec.samples(); s++) plannedKeys.add(new ai.lyceum.rollout.RolloutKey(task.id(), s));
            }
            int planned = plannedKeys.size();
            for (var r : records) plannedKeys.remove(r.key());
            boolean partial = !plannedKeys.isEmpty();
            var rolloutsFile = RolloutsExport.write(records, out);
            var summaryFile = out.resolve(SUMMARY_FILE);
            var result = new Result(summary, report, counters, wall, summaryFile, rolloutsFile, tasks.size(), planned, partial);
            writeSummary(result, manifest, store.segments(), summaryFile);
            return result;
        }
    }

    static void writeSummary(Result result, RunManifest manifest, int segments, Path file) throws IOException {
        var s = result.summary();
        var root = new LinkedHashMap<String, Object>();
        root.put("env", manifest.environment());
        root.put("policy", manifest.policy());
        if (!manifest.sampling().isEmpty()) root.put("sampling", manifest.sampling());
        root.put("partial", result.partial());
        root.put("tasks", s.tasks());
        root.put("tasks_planned", result.plannedTasks());
        root.put("samples", manifest.samples());
        root.put("rollouts", s.rollouts());
        root.put("rollouts_planned", result.planned());
        root.put("scored", s.scored());
        // No rollout, no mean: null (n/a), never a 0 that reads like a measured figure.
        root.put("mean_reward", s.scored() == 0 ? null : s.meanReward());
        root.put("mean_reward_ci95", new double[] {s.meanRewardCi().low(), s.meanRewardCi().high()});
        root.put("mean_reward_scored", s.scored() == 0 ? null : s.meanRewardScored());
        root.put("pass_at_1", s.scored() == 0 ? null : s.passAt1());
        root.put("pass_at_1_ci95", new double[] {s.passAt1Ci().low(), s.passAt1Ci().high()});
        root.put("k", s.k());
        root.put("pass_at_k", s.scored() == 0 ? null : s.passAtK());
        root.put("pass_at_k_ci95", new double[] {s.passAtKCi().low(), s.passAtKCi().high()});
        root.put("failures", s.failures());
        root.put("counters", result.counters());
        root.put("wall_s", result.wall().toMillis() / 1000.0);
        root.put("segments", segments);
        var tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), root);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
