package ai.lyceum.bench.researchrubrics;

import ai.lyceum.json.Json;
import ai.lyceum.reward.rubric.Grading;
import ai.lyceum.reward.rubric.RrTask;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Grades every (report, criterion) pair of a task set with one {@link ItemJudge}, concurrently (the judge's policy
 * bounds the calls in flight), and writes the run directory: {@code verdicts.jsonl} (streamed as verdicts arrive,
 * so a crash keeps what was judged, then rewritten in task order), {@code summary.json}, {@code report.md} and
 * {@code report.html}.
 */
public final class RrRun {
    private static final ObjectMapper JSON = Json.newMapper();

    /**
     * @param source  where the run's inputs came from (tasks file, reports folder or agent), for the manifest
     * @param seed    of the bootstrap
     */
    public record Options(Grading grading, RrScores.OnFailure onFailure, ChunkMode chunking, long seed,
                          Map<String, String> source) {
        public Options {
            Objects.requireNonNull(grading, "grading");
            Objects.requireNonNull(onFailure, "onFailure");
            Objects.requireNonNull(chunking, "chunking");
            source = Map.copyOf(source);
        }
    }

    public record Result(RrScores.Summary summary, Path out, double seconds, Map<String, Long> counters) {}

    private RrRun() {}

    public static Result grade(List<RrTask> tasks, Map<String, Report> reports, ItemJudge judge, Path out, Options o,
                               PrintStream progress) throws IOException, InterruptedException {
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        var results = new RrVerdict[tasks.size()][];
        int total = 0;
        for (int t = 0; t < tasks.size(); t++) {
            results[t] = new RrVerdict[tasks.get(t).rubrics().size()];
            total += results[t].length;
        }
        var streaming = out.resolve("verdicts.jsonl.partial");
        var done = new AtomicInteger();
        var failed = new AtomicInteger();
        int all = total;
        try (var log = new VerdictLog(streaming, o.grading());
             var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<?>>(total);
            for (int t = 0; t < tasks.size(); t++) {
                var task = tasks.get(t);
                var report = reports.getOrDefault(task.sampleId(),
                        Report.missing("missing_report", "no report for " + task.sampleId()));
                for (int i = 0; i < task.rubrics().size(); i++) {
                    int ti = t;
                    int index = i;
                    futures.add(executor.submit(() -> {
                        var v = !judge.readsReports() ? judge.judge(task, index, "")
                                : report.text().isPresent() ? judge.judge(task, index, report.text().get())
                                : missingReport(task, index, report);
                        results[ti][index] = v;
                        if (!v.success()) failed.incrementAndGet();
                        log.append(v);
                        tick(progress, done.incrementAndGet(), all, failed.get());
                        return null;
                    }));
                }
            }
            for (var f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("grading crashed: " + e.getCause(), e.getCause());
                }
            }
        }
        var byTask = new LinkedHashMap<String, List<RrVerdict>>();
        var ordered = out.resolve("verdicts.jsonl.tmp");
        try (var log = new VerdictLog(ordered, o.grading())) {
            for (int t = 0; t < tasks.size(); t++) {
                byTask.put(tasks.get(t).sampleId(), Arrays.asList(results[t]));
                for (var v : results[t]) log.append(v);
            }
        }
        Files.move(ordered, out.resolve("verdicts.jsonl"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(streaming);
        var summary = RrScores.summarize(tasks, byTask, o.grading(), o.onFailure(), o.seed());
        double seconds = (System.nanoTime() - t0) / 1e9;
        var manifest = new LinkedHashMap<String, Object>();
        manifest.put("evaluated_at", Instant.now().toString());
        manifest.put("judge", judge.describe());
        manifest.put("grading", o.grading().name().toLowerCase());
        manifest.put("chunking", o.chunking().name().toLowerCase());
        manifest.put("on_failure", o.onFailure().name().toLowerCase());
        manifest.put("bootstrap_seed", o.seed());
        manifest.put("seconds", seconds);
        manifest.putAll(o.source());
        manifest.put("counters", judge.counters());
        RrPages.write(out, summary, manifest);
        return new Result(summary, out, seconds, judge.counters());
    }

    private static RrVerdict missingReport(RrTask task, int index, Report report) {
        var c = task.rubrics().get(index);
        return RrVerdict.failed(task.sampleId(), index, c.description(), c.axis().orElse(""), c.weight(),
                report.failureType(), report.failureDetail(), "report");
    }

    /** verdicts.jsonl lines, written by many threads; flushed every ~0.2 s so a crash loses little (the cache has it all). */
    private static final class VerdictLog implements AutoCloseable {
        private final BufferedWriter out;
        private final Grading grading;
        private long lastFlush = System.nanoTime();

        VerdictLog(Path file, Grading grading) throws IOException {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            this.grading = grading;
        }

        void append(RrVerdict v) {
            try {
                var line = JSON.writeValueAsString(v.toJson(JSON.createObjectNode(), grading));
                synchronized (this) {
                    out.write(line);
                    out.write('\n');
                    long now = System.nanoTime();
                    if (now - lastFlush > 200_000_000L) {
                        out.flush();
                        lastFlush = now;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public synchronized void close() throws IOException { out.close(); }
    }

    private static void tick(PrintStream progress, int n, int total, int failed) {
        if (progress == null) return;
        int step = Math.max(1, total / 10);
        if (n % step == 0 || n == total) progress.printf("graded %d/%d items (%d failed)%n", n, total, failed);
    }
}
