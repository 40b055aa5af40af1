package ai.lyceum.bench.researchrubrics;

import ai.lyceum.policy.Sampling;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.policy.openai.StubServer;
import ai.lyceum.reward.judge.JudgeCache;
import ai.lyceum.reward.rubric.Grading;
import ai.lyceum.reward.rubric.RrTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code lyceum bench researchrubrics}: the whole grade path ({@link RrRun} → {@link OfficialJudge} →
 * {@code OpenAiPolicy} → a loopback {@link StubServer} judge with fixed latency) over a generated task set, twice:
 * with an empty judge cache (cold) and again with the cache the first pass filled (warm). Every report's compliance
 * is checked against the value the generated data implies.
 */
public final class RrBenchmark {
    public record Options(int tasks, Duration latency, int concurrency, Grading grading, int reportChars, long seed) {
        /** 101 tasks (~26 criteria each) against a 300 ms judge, 20 calls in flight as the public grader. */
        public static Options defaults() { return new Options(101, Duration.ofMillis(300), 20, Grading.BINARY, 8000, 7); }
    }

    public record Pass(double seconds, long judgeCalls, int failedItems, int wrongScores, Map<String, Long> counters) {}

    public record Result(int tasks, int items, Pass cold, Pass warm, double compliance) {}

    private RrBenchmark() {}

    public static Result run(Options o, Path work) throws IOException, InterruptedException, ai.lyceum.dataset.DatasetException {
        var data = RrSynthetic.write(work.resolve("data"), o.tasks(), o.seed(), o.reportChars());
        var tasks = RrTask.read(work.resolve("data/processed_data.jsonl"));
        var reports = new HashMap<String, Report>();
        for (var t : tasks) reports.put(t.sampleId(), Report.find(work.resolve("data/reports"), t.sampleId()));
        int items = tasks.stream().mapToInt(t -> t.rubrics().size()).sum();
        var cacheFile = work.resolve("judge-cache.sqlite");
        Files.deleteIfExists(cacheFile);
        try (var stub = StubServer.start(StubServer.Faults.none(o.latency()), RrSynthetic::judgeReply, o.seed());
             var cache = JudgeCache.open(cacheFile)) {
            var config = OpenAiConfig.of(stub.baseUrl().toString(), "stub-judge").withMaxInFlight(o.concurrency())
                    .withJsonReplies(true).withRetries(3, Duration.ofSeconds(1), Duration.ofSeconds(4));
            var cold = pass(o, tasks, reports, config, cache, work.resolve("cold"), stub, data);
            var warm = pass(o, tasks, reports, config, cache, work.resolve("warm"), stub, data);
            return new Result(tasks.size(), items, cold.getKey(), warm.getKey(), cold.getValue());
        }
    }

    private static Map.Entry<Pass, Double> pass(Options o, java.util.List<RrTask> tasks, Map<String, Report> reports,
                                                OpenAiConfig config, JudgeCache cache, Path out, StubServer stub,
                                                RrSynthetic.Data data) throws IOException, InterruptedException {
        long before = stub.served().values().stream().mapToLong(Long::longValue).sum();
        try (var policy = new OpenAiPolicy(config); var once = new OpenAiPolicy(config.withRetries(1, Duration.ofSeconds(1), Duration.ofSeconds(1)))) {
            var judge = new OfficialJudge(policy, once, "stub-judge", o.grading(), ChunkMode.FIXED,
                    Sampling.DEFAULT.withTemperature(0), Optional.of(cache));
            var result = RrRun.grade(tasks, reports, judge, out,
                    new RrRun.Options(o.grading(), RrScores.OnFailure.ZERO, ChunkMode.FIXED, o.seed(), Map.of()), null);
            long calls = stub.served().values().stream().mapToLong(Long::longValue).sum() - before;
            int wrong = 0;
            for (int t = 0; t < tasks.size(); t++) {
                var expected = expectedCompliance(data.weights().get(t), data.states().get(t), o.grading());
                var got = result.summary().reports().get(t).compliance();
                if (got.isEmpty() || Math.abs(got.get() - expected) > 1e-12) wrong++;
            }
            return Map.entry(new Pass(result.seconds(), calls, result.summary().failedItems(), wrong, judge.counters()),
                    result.summary().compliance().mean().orElse(Double.NaN));
        }
    }

    /** Σ w·s / Σ_{w>0} w from the generated states (full 1, part ½ under ternary else 0, none 0). */
    public static double expectedCompliance(double[] weights, int[] states, Grading grading) {
        double num = 0;
        double den = 0;
        for (int j = 0; j < weights.length; j++) {
            double s = states[j] == 0 ? 1 : states[j] == 1 && grading == Grading.TERNARY ? 0.5 : 0;
            num += weights[j] * s;
            if (weights[j] > 0) den += weights[j];
        }
        return num / den;
    }
}
