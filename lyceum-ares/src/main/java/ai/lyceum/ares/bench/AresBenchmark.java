package ai.lyceum.ares.bench;

import ai.lyceum.ares.Ares;
import ai.lyceum.ares.ingest.IngestReport;
import ai.lyceum.ares.search.TrajectoryIndex;
import ai.lyceum.ares.store.AresStore;
import ai.lyceum.ares.synth.SyntheticLeRobot;
import ai.lyceum.ares.web.AresServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code lyceum bench ares}: writes a synthetic LeRobot v3 dataset, ingests it (sampling heap use every 200 ms to
 * show it stays flat), builds the HNSW index, then times a filtered query and a k=10 similar search through the
 * running server's HTTP API. Reports CPU-seconds beside wall times, because the machine may be shared.
 */
public final class AresBenchmark {
    /** What the benchmark measured. Latencies are milliseconds, over {@code requests} sequential calls each. */
    public record Result(long episodes, long frames, double generateSeconds, double ingestWallSeconds, double ingestCpuSeconds,
                         double framesPerSecond, double indexWallSeconds, double indexCpuSeconds, long indexedVectors,
                         long heapPeakMb, List<Long> heapSamplesMb, int requests, double queryP50Ms, double queryP95Ms,
                         double similarP50Ms, double similarP95Ms, int ingestErrors) {
        public String summary() {
            return String.format("""
                    episodes %d, frames %d (generated in %.1f s)
                    ingest: %.1f s wall, %.1f s CPU, %.0f frames/s (wall), %.0f frames per CPU-second, %d errors
                    index: %d vectors in %.1f s wall, %.1f s CPU
                    heap during ingestion: peak %d MB; samples (MB) %s
                    filtered query over HTTP: p50 %.1f ms, p95 %.1f ms (%d requests)
                    k=10 similar over HTTP:   p50 %.1f ms, p95 %.1f ms (%d requests)""",
                    episodes, frames, generateSeconds, ingestWallSeconds, ingestCpuSeconds, framesPerSecond,
                    ingestCpuSeconds > 0 ? frames / ingestCpuSeconds : 0, ingestErrors, indexedVectors, indexWallSeconds,
                    indexCpuSeconds, heapPeakMb, heapSamplesMb, queryP50Ms, queryP95Ms, requests, similarP50Ms, similarP95Ms, requests);
        }
    }

    private AresBenchmark() {}

    /** Runs in {@code work} (created; an existing dataset there of the same size is reused). */
    public static Result run(Path work, long episodes, int requests) throws IOException, InterruptedException {
        var data = work.resolve("data-" + episodes);
        double generate = 0;
        long frames;
        if (!Files.exists(data.resolve("meta/info.json"))) {
            long t0 = System.nanoTime();
            frames = new SyntheticLeRobot(episodes, 20, 2_000_000, false).write(data);
            generate = (System.nanoTime() - t0) / 1e9;
        } else {
            frames = 0;
            for (long e = 0; e < episodes; e++) frames += SyntheticLeRobot.length(e);
        }
        var store = work.resolve("store-" + episodes);
        deleteTree(store);
        var samples = new ArrayList<Long>();
        var peak = new AtomicLong();
        var sampler = Thread.ofPlatform().daemon(true).start(() -> {
            var memory = ManagementFactory.getMemoryMXBean();
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    long used = memory.getHeapMemoryUsage().getUsed() >> 20;
                    peak.accumulateAndGet(used, Math::max);
                    synchronized (samples) { samples.add(used); }
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                // stop sampling
            }
        });
        IngestReport report;
        try (var s = AresStore.open(store)) {
            report = ai.lyceum.ares.ingest.LeRobotIngest.ingest(data, s, Optional.empty());
        } finally {
            sampler.interrupt();
            sampler.join();
        }
        System.out.printf("ingest: %d episodes, %d frames, %.1f s wall, %.1f s CPU, %.0f frames/s wall, %.0f frames per CPU-second,"
                + " heap peak %d MB, %d errors%n", report.episodes(), report.frames(), report.wallSeconds(), report.cpuSeconds(),
                report.framesPerSecond(), report.frames() / Math.max(1e-9, report.cpuSeconds()), peak.get(), report.errors().size());
        System.out.flush();
        long cpu0 = cpuNanos(), wall0 = System.nanoTime();
        long vectors;
        try (var s = AresStore.open(store)) {
            vectors = TrajectoryIndex.rebuild(s, Ares.indexDir(store.toString()));
        }
        double indexWall = (System.nanoTime() - wall0) / 1e9, indexCpu = (cpuNanos() - cpu0) / 1e9;
        System.out.printf("index: %d vectors, %.1f s wall, %.1f s CPU%n", vectors, indexWall, indexCpu);
        System.out.flush();

        double[] query, similar;
        try (var server = AresServer.start(store.toString(), 0); var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            var base = "http://127.0.0.1:" + server.port();
            var random = new SplittableRandom(7);
            var filters = new String[] {"task_success = 0.0 and length >= 60", "task_language_instruction ~ 'cube' and length < 40",
                    "stats_gripper_events >= 4 and task_success = 1.0", "episode_index >= 50000 and stats_idle_fraction < 0.1"};
            query = new double[requests];
            var found = new ArrayList<String>();
            for (int i = 0; i < requests; i++) {
                var f = filters[i % filters.length];
                var url = base + "/api/episodes?limit=50&sort=length&desc=true&offset=" + random.nextInt(0, 5) * 50
                        + "&filter=" + URLEncoder.encode(f, StandardCharsets.UTF_8);
                long t = System.nanoTime();
                var body = get(http, url);
                query[i] = (System.nanoTime() - t) / 1e6;
                var m = java.util.regex.Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(body);
                while (m.find() && found.size() < 1000) found.add(m.group(1));
            }
            if (found.isEmpty()) throw new IllegalStateException("the filtered queries returned no episodes");
            similar = new double[requests];
            for (int i = 0; i < requests; i++) {
                var id = found.get(random.nextInt(found.size()));
                long t = System.nanoTime();
                get(http, base + "/api/episodes/" + id + "/similar?k=10&by=" + (i % 2 == 0 ? "states" : "actions"));
                similar[i] = (System.nanoTime() - t) / 1e6;
            }
        }
        List<Long> heap;
        synchronized (samples) { heap = thin(samples, 20); }
        return new Result(episodes, frames, generate, report.wallSeconds(), report.cpuSeconds(), report.framesPerSecond(),
                indexWall, indexCpu, vectors, peak.get(), heap, requests, percentile(query, 50), percentile(query, 95),
                percentile(similar, 50), percentile(similar, 95), report.errors().size());
    }

    private static String get(HttpClient http, String url) throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
        return response.body();
    }

    static double percentile(double[] values, double p) {
        var sorted = values.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static List<Long> thin(List<Long> samples, int n) {
        if (samples.size() <= n) return List.copyOf(samples);
        var out = new ArrayList<Long>();
        for (int i = 0; i < n; i++) out.add(samples.get((int) ((long) i * (samples.size() - 1) / (n - 1))));
        return out;
    }

    private static long cpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (var f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }

    /** {@code java ... AresBenchmark [workDir] [episodes] [requests]}. */
    public static void main(String[] args) throws Exception {
        var work = Path.of(args.length > 0 ? args[0] : "target/ares-bench");
        long episodes = args.length > 1 ? Long.parseLong(args[1]) : 100_000;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        System.out.println(run(work, episodes, requests).summary());
    }
}
