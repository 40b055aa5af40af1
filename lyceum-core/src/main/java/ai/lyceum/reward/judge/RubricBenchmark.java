package ai.lyceum.reward.judge;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.policy.openai.StubServer;
import ai.lyceum.reward.rubric.Aggregation;
import ai.lyceum.reward.rubric.Grading;
import ai.lyceum.reward.rubric.RubricBatch;
import ai.lyceum.reward.rubric.RubricScorer;
import ai.lyceum.reward.rubric.RubricWeighting;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.List;

/**
 * The harness behind a rubric-scoring benchmark: N synthetic responses × K criteria scored per-criterion (one judge
 * call each) through {@link RubricBatch} → {@link LlmJudge} → {@code OpenAiPolicy} against a loopback
 * {@link StubServer} judge with fixed latency. The stub decides each verdict from what the response says about the
 * criterion's point, so every score can be checked against the value computed from the generated data.
 *
 * <p>Reports wall time, process CPU time, judge calls per second, the mean number of calls in flight it implies
 * (calls × latency / wall) and any wrong score or failure.
 */
public final class RubricBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COVERS = "Covers point p";
    private static final String[] STATES = {"full", "part", "none"};

    /**
     * @param maxInFlight     the judge client's bound on requests in flight
     * @param lineConcurrency responses scored at once (each asks all its criteria at once)
     */
    public record Options(int responses, int criteria, Duration latency, int maxInFlight, int lineConcurrency,
                          int warmupResponses, long seed) {
        public Options {
            if (responses < 1 || criteria < 2) throw new IllegalArgumentException("need >= 1 response and >= 2 criteria");
            if (warmupResponses < 0) throw new IllegalArgumentException("warm-up responses must be >= 0, was " + warmupResponses);
        }

        /** 1,000 responses × 20 criteria against a 300 ms judge, after 100 unmeasured responses (JIT, connections). */
        public static Options defaults() { return new Options(1000, 20, Duration.ofMillis(300), 512, 1000, 100, 7); }
    }

    /**
     * @param meanInFlight calls × latency / wall: the concurrency the run actually achieved
     * @param idealSeconds calls × latency / maxInFlight: the floor set by the in-flight bound
     */
    public record Result(int responses, int criteria, long judgeCalls, double wallSeconds, double cpuSeconds,
                         double callsPerSecond, double meanInFlight, double idealSeconds, int scored, int failed,
                         int wrongScores, Map<String, Long> served, Map<String, Long> clientCounters) {}

    private RubricBenchmark() {}

    public static Result run(Options o) throws IOException, InterruptedException, DatasetException {
        var random = new SplittableRandom(o.seed());
        var warmup = new StringBuilder();
        generate("w", o.warmupResponses(), o.criteria(), random, warmup, new ArrayList<>());
        var input = new StringBuilder();
        var expected = new ArrayList<Double>();
        generate("r", o.responses(), o.criteria(), random, input, expected);

        try (var stub = StubServer.start(StubServer.Faults.none(o.latency()), RubricBenchmark::verdictFor, o.seed());
             var policy = new OpenAiPolicy(OpenAiConfig.of(stub.baseUrl().toString(), "stub-judge").withMaxInFlight(o.maxInFlight()))) {
            var judge = new LlmJudge(policy, JudgeOptions.defaults(), Optional.empty());
            var scorer = new RubricScorer(judge, Aggregation.explicit(Grading.TERNARY), RubricWeighting.DATA_INTEGER);
            var batch = new RubricBatch(scorer, o.lineConcurrency());
            if (o.warmupResponses() > 0) batch.score(new StringReader(warmup.toString()), new StringWriter());
            long warmCalls = total(stub.served());
            var out = new StringWriter();
            var cpu = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = cpu.getProcessCpuTime();
            long t0 = System.nanoTime();
            var summary = batch.score(new StringReader(input.toString()), out);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (cpu.getProcessCpuTime() - cpu0) / 1e9;

            int wrong = 0;
            var lines = out.toString().split("\n");
            for (int i = 0; i < lines.length; i++) {
                var node = JSON.readTree(lines[i]);
                if (!node.has("score") || node.get("score").asDouble() != expected.get(i)) wrong++;
            }
            long calls = total(stub.served()) - warmCalls;
            double latency = o.latency().toNanos() / 1e9;
            return new Result(o.responses(), o.criteria(), calls, wall, cpuSeconds, calls / wall, calls * latency / wall,
                    calls * latency / o.maxInFlight(), summary.scored(), summary.failed(), wrong, stub.served(),
                    judge.counters());
        }
    }

    private static long total(Map<String, Long> served) { return served.values().stream().mapToLong(Long::longValue).sum(); }

    /** Appends n JSONL lines (ids prefix0…) and each line's expected ternary score. */
    private static void generate(String prefix, int n, int criteria, SplittableRandom random, StringBuilder input,
                                 List<Double> expected) {
        for (int i = 0; i < n; i++) {
            var states = new int[criteria];
            var response = new StringBuilder("Response " + i + ".");
            var rubric = JSON.createArrayNode();
            double num = 0;
            double den = 0;
            for (int j = 0; j < criteria; j++) {
                states[j] = random.nextInt(3);
                response.append(" p").append(j + 1).append('=').append(STATES[states[j]]);
                boolean pitfall = j == criteria - 1;
                int weight = pitfall ? -2 : 1 + j % 5;
                rubric.addObject().put("title", "Point " + (j + 1))
                        .put("description", (pitfall ? "Pitfall Criteria: " : "Essential Criteria: ") + "Covers point p" + (j + 1) + ".")
                        .put("weight", weight);
                double c = states[j] == 0 ? 1 : states[j] == 1 ? 0.5 : 0;
                num += weight * c;
                if (weight > 0) den += weight;
            }
            expected.add(num / den);
            var line = JSON.createObjectNode().put("id", prefix + i).put("prompt", "Question " + i + "?")
                    .put("response", response.toString());
            line.set("rubric", rubric);
            input.append(line).append('\n');
        }
    }

    /** The stub judge: the verdict the response states for the criterion's point. */
    static String verdictFor(String prompt) {
        // Runs on the stub's single selector thread, so it avoids regex: the criterion line comes after the response.
        int at = prompt.lastIndexOf(COVERS);
        if (at < 0) return "no criterion found";
        int end = prompt.indexOf('.', at);
        var key = " p" + prompt.substring(at + COVERS.length(), end) + "=";
        int state = prompt.indexOf(key);
        if (state < 0) return "no state found";
        var verdict = switch (prompt.charAt(state + key.length())) {
            case 'f' -> "satisfied";
            case 'p' -> "partially_satisfied";
            default -> "not_satisfied";
        };
        return "{\"verdict\": \"" + verdict + "\", \"explanation\": \"stub\"}";
    }
}
