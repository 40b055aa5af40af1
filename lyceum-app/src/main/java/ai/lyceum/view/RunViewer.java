package ai.lyceum.view;

import ai.lyceum.ares.web.LoopbackGuard;
import ai.lyceum.eval.EvalSummary;
import ai.lyceum.run.RolloutRecord;
import ai.lyceum.run.RunStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The run viewer: a read-only web UI over run directories, served by Javalin on loopback from classpath resources
 * (no CDN). It opens each {@code run.db} read-only per request, so it shows a run that is still being written and
 * never holds its lock. Every request passes the same {@link LoopbackGuard} as the ARES server.
 *
 * <p>API: {@code GET /api/runs}, {@code GET /api/runs/{id}?scope=} (figures, failures by type, reward histogram,
 * per-task rows of one scope — the evaluation's by default, or a training step's or held-out evaluation's — and
 * training curves and guidance), {@code GET /api/rollout?run=&task=&sample=&scope=}, {@code GET /api/compare?a=&b=}
 * (per-task deltas over the tasks both runs' evaluations hold, with a paired bootstrap interval of the mean delta).
 */
public final class RunViewer implements AutoCloseable {
    static final int BINS = 10;
    static final int RESAMPLES = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Path> runs;
    private final LoopbackGuard guard = new LoopbackGuard();
    private final Javalin app;

    private RunViewer(Map<String, Path> runs, String host, int port) throws IOException {
        this.runs = runs;
        this.app = Javalin.create(config -> {
            config.staticFiles.add("/view-web", Location.CLASSPATH);
            config.startup.showJavalinBanner = false;
            config.routes.before(guard::check);
            config.routes.get("/api/runs", ctx -> {
                var out = new ArrayList<Map<String, Object>>();
                for (var id : runs.keySet()) out.add(overview(id));
                ctx.json(out);
            });
            config.routes.get("/api/runs/{id}", ctx -> ctx.json(run(ctx.pathParam("id"), scope(ctx))));
            config.routes.get("/api/rollout", this::rollout);
            config.routes.get("/api/compare", ctx -> ctx.json(compare(param(ctx, "a"), param(ctx, "b"))));
            config.routes.exception(IllegalArgumentException.class, (e, ctx) -> ctx.status(400).json(Map.of("error", e.getMessage())));
            config.routes.exception(NoSuchElementException.class, (e, ctx) -> ctx.status(404).json(Map.of("error", e.getMessage())));
            config.routes.exception(io.javalin.http.ForbiddenResponse.class, (e, ctx) -> ctx.status(403).json(Map.of("error", e.getMessage())));
        });
        try {
            app.start(host, port);
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null) cause = cause.getCause();
            if (cause instanceof java.net.BindException) {
                throw new IOException("port " + port + " on " + host + " is already in use; pick another with --port (0 = any free port)");
            }
            throw e;
        }
    }

    /** Serves the runs in or under {@code roots} on 127.0.0.1:{@code port} (0 picks a free port). */
    public static RunViewer start(List<Path> roots, int port) throws IOException {
        return new RunViewer(RunDirectories.find(roots), "127.0.0.1", port);
    }

    public int port() { return app.port(); }

    public Map<String, Path> runs() { return runs; }

    private static String param(Context ctx, String name) {
        var v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) throw new IllegalArgumentException("missing query parameter '" + name + "'");
        return v;
    }

    private static String scope(Context ctx) {
        var v = ctx.queryParam("scope");
        return v == null ? RunStore.EVAL_SCOPE : v;
    }

    private Path dir(String id) {
        var dir = runs.get(id);
        if (dir == null) throw new NoSuchElementException("no run '" + id + "'");
        return dir;
    }

    /** What the runs list shows of one run. */
    private Map<String, Object> overview(String id) throws IOException {
        try (var store = RunStore.openReadOnly(dir(id))) {
            var out = new LinkedHashMap<String, Object>();
            out.put("id", id);
            out.put("path", dir(id).toAbsolutePath().normalize().toString());
            var manifest = store.manifest();
            out.put("env", manifest.map(m -> m.environment()).orElse(null));
            out.put("policy", manifest.map(m -> m.policy()).orElse(null));
            var records = store.rollouts();
            var trainRuns = store.trainRuns();
            out.put("kind", trainRuns.isEmpty() ? "eval" : records.isEmpty() ? "train" : "train+eval");
            out.put("train_runs", trainRuns);
            figures(out, records);
            out.put("partial", partial(dir(id)));
            out.put("wall_s", store.wallTime().toMillis() / 1000.0);
            return out;
        }
    }

    private static void figures(Map<String, Object> out, List<RolloutRecord> records) {
        var s = EvalSummary.of(records, 1.0, 0);
        out.put("tasks", s.tasks());
        out.put("rollouts", s.rollouts());
        out.put("scored", s.scored());
        out.put("mean_reward", s.scored() == 0 ? null : s.meanReward());
        out.put("mean_reward_ci95", s.scored() == 0 ? null : List.of(s.meanRewardCi().low(), s.meanRewardCi().high()));
        out.put("pass_at_1", s.scored() == 0 ? null : s.passAt1());
        out.put("k", s.k());
        out.put("pass_at_k", s.scored() == 0 ? null : s.passAtK());
        out.put("failures", s.failures());
    }

    /** Whether the run's last summary says it was interrupted (absent: no summary yet, e.g. killed or running). */
    private static Object partial(Path dir) {
        try {
            var node = JSON.readTree(dir.resolve("summary.json").toFile()).get("partial");
            return node == null ? null : node.asBoolean();
        } catch (IOException e) {
            return null;
        }
    }

    private Map<String, Object> run(String id, String scope) throws IOException {
        var out = overview(id);
        try (var store = RunStore.openReadOnly(dir(id))) {
            var records = store.rollouts(scope);
            out.put("scope", scope);
            out.put("scopes", store.scopes());
            figures(out, records);
            out.put("counters", store.counts());
            out.put("histogram", histogram(records));
            out.put("task_rows", taskRows(records));
            var curves = new LinkedHashMap<String, List<Map<String, Object>>>();
            for (var name : store.trainRuns()) {
                var steps = new ArrayList<Map<String, Object>>();
                for (var e : store.trainSteps(name).entrySet()) {
                    var row = new LinkedHashMap<String, Object>();
                    row.put("step", e.getKey());
                    row.put("metrics", JSON.readTree(e.getValue()));
                    steps.add(row);
                }
                curves.put(name, steps);
            }
            out.put("curves", curves);
            var hints = new ArrayList<Map<String, Object>>();
            for (var name : store.trainRuns()) {
                for (var e : store.guidanceBySteps(name)) {
                    var g = e.getValue();
                    var row = new LinkedHashMap<String, Object>();
                    row.put("run", name);
                    row.put("step", e.getKey());
                    row.put("task_id", g.taskId());
                    row.put("teacher", g.teacher());
                    row.put("text", g.text());
                    row.put("hinted_accuracy", g.hintedAccuracy());
                    row.put("trained", g.trained());
                    hints.add(row);
                }
            }
            out.put("guidance", hints);
        }
        return out;
    }

    /** Scored rewards in {@link #BINS} equal bins over [min(0, lowest), max(1, highest)]; failures apart. */
    static List<Map<String, Object>> histogram(List<RolloutRecord> records) {
        double lo = 0, hi = 1;
        for (var r : records) {
            if (r.reward().isPresent()) {
                lo = Math.min(lo, r.reward().get());
                hi = Math.max(hi, r.reward().get());
            }
        }
        var counts = new long[BINS];
        for (var r : records) {
            if (r.reward().isEmpty()) continue;
            int bin = (int) Math.floor((r.reward().get() - lo) / (hi - lo) * BINS);
            counts[Math.min(BINS - 1, Math.max(0, bin))]++;
        }
        var out = new ArrayList<Map<String, Object>>();
        for (int b = 0; b < BINS; b++) {
            out.add(Map.of("lo", lo + (hi - lo) * b / BINS, "hi", lo + (hi - lo) * (b + 1) / BINS, "count", counts[b]));
        }
        return out;
    }

    /** One row per task: samples, scored, mean reward (a failed sample counts 0, as in the summary), passed, failures. */
    static List<Map<String, Object>> taskRows(List<RolloutRecord> records) {
        var byTask = new LinkedHashMap<String, List<RolloutRecord>>();
        for (var r : records) byTask.computeIfAbsent(r.taskId(), k -> new ArrayList<>()).add(r);
        var rows = new ArrayList<Map<String, Object>>();
        for (var e : byTask.entrySet()) {
            double sum = 0;
            int scored = 0, passed = 0;
            var failures = new TreeMap<String, Long>();
            var samples = new ArrayList<Map<String, Object>>();
            for (var r : e.getValue()) {
                sum += r.reward().orElse(0.0);
                if (r.reward().isPresent()) scored++;
                if (r.reward().orElse(0.0) >= 1.0) passed++;
                r.failureType().ifPresent(f -> failures.merge(f, 1L, Long::sum));
                var sample = new LinkedHashMap<String, Object>();
                sample.put("sample", r.sample());
                sample.put("reward", r.reward().orElse(null));
                sample.put("failure", r.failureType().orElse(null));
                samples.add(sample);
            }
            var row = new LinkedHashMap<String, Object>();
            row.put("task_id", e.getKey());
            row.put("samples", e.getValue().size());
            row.put("scored", scored);
            row.put("mean_reward", sum / e.getValue().size());
            row.put("passed", passed);
            row.put("failures", failures);
            row.put("rollouts", samples);
            rows.add(row);
        }
        return rows;
    }

    private void rollout(Context ctx) throws IOException {
        var id = param(ctx, "run");
        var task = param(ctx, "task");
        int sample = Integer.parseInt(param(ctx, "sample"));
        try (var store = RunStore.openReadOnly(dir(id))) {
            var r = store.rollouts(scope(ctx)).stream().filter(x -> x.taskId().equals(task) && x.sample() == sample).findFirst()
                    .orElseThrow(() -> new NoSuchElementException("no rollout " + task + " #" + sample + " in run " + id));
            var out = new LinkedHashMap<String, Object>();
            out.put("run", id);
            out.put("task_id", r.taskId());
            out.put("sample", r.sample());
            out.put("reward", r.reward().orElse(null));
            out.put("failure", r.failureType().orElse(null));
            out.put("failure_detail", r.failureDetail().orElse(null));
            out.put("duration_ms", r.durationMs());
            out.put("trajectory", JSON.readTree(r.trajectoryJson()));
            out.put("rewards", JSON.readTree(r.rewardsJson()));
            ctx.json(out);
        }
    }

    /** Per-task mean rewards of two runs over their common tasks: deltas (b − a) and a paired bootstrap interval. */
    Map<String, Object> compare(String a, String b) throws IOException {
        Map<String, Double> ra, rb;
        try (var sa = RunStore.openReadOnly(dir(a)); var sb = RunStore.openReadOnly(dir(b))) {
            ra = taskMeans(sa.rollouts());
            rb = taskMeans(sb.rollouts());
        }
        var rows = new ArrayList<Map<String, Object>>();
        var deltas = new ArrayList<Double>();
        for (var e : ra.entrySet()) {
            var other = rb.get(e.getKey());
            if (other == null) continue;
            double d = other - e.getValue();
            deltas.add(d);
            rows.add(Map.of("task_id", e.getKey(), "a", e.getValue(), "b", other, "delta", d));
        }
        var out = new LinkedHashMap<String, Object>();
        out.put("a", a);
        out.put("b", b);
        out.put("common_tasks", rows.size());
        out.put("only_a", ra.size() - rows.size());
        out.put("only_b", rb.size() - rows.size());
        double[] xs = deltas.stream().mapToDouble(Double::doubleValue).toArray();
        out.put("mean_delta", xs.length == 0 ? null : mean(xs));
        out.put("mean_delta_ci95", xs.length == 0 ? null : pairedBootstrap(xs, new SplittableRandom(0)));
        out.put("rows", rows);
        return out;
    }

    private static Map<String, Double> taskMeans(List<RolloutRecord> records) {
        var sums = new LinkedHashMap<String, double[]>();
        for (var r : records) {
            var s = sums.computeIfAbsent(r.taskId(), k -> new double[2]);
            s[0] += r.reward().orElse(0.0);
            s[1]++;
        }
        var out = new LinkedHashMap<String, Double>();
        sums.forEach((k, s) -> out.put(k, s[0] / s[1]));
        return out;
    }

    private static double mean(double[] xs) {
        double sum = 0;
        for (double x : xs) sum += x;
        return sum / xs.length;
    }

    /**
     * 95% percentile interval of the mean per-task delta, resampling tasks with replacement. Pairing (each task's
     * delta resampled as one) removes task difficulty from the noise, which an interval per run would keep.
     */
    static double[] pairedBootstrap(double[] deltas, SplittableRandom rng) {
        var means = new double[RESAMPLES];
        for (int i = 0; i < RESAMPLES; i++) {
            double sum = 0;
            for (int j = 0; j < deltas.length; j++) sum += deltas[rng.nextInt(deltas.length)];
            means[i] = sum / deltas.length;
        }
        java.util.Arrays.sort(means);
        return new double[] {means[(int) Math.floor(0.025 * (RESAMPLES - 1))], means[(int) Math.ceil(0.975 * (RESAMPLES - 1))]};
    }

    @Override
    public void close() {
        app.stop();
    }
}
