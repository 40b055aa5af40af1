package ai.lyceum.cli;

import ai.lyceum.env.Environment;
import ai.lyceum.env.SingleTurnEnvironment;
import ai.lyceum.policy.Sampling;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.policy.openai.StubServer;
import ai.lyceum.reward.math.MathAnswerReward;
import ai.lyceum.rollout.Rollout;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import ai.lyceum.task.Task;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lyceum bench rollouts}: the real OpenAI client, rollout engine and run store driven against an in-process
 * loopback stub with fixed latency. With N requests in flight and latency L, no system can exceed N/L requests per
 * second; the figure of merit is the measured rate as a fraction of that ideal.
 */
@Command(name = "rollouts", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Throughput of client + engine + store against a loopback stub with fixed latency.")
final class BenchRolloutsCommand implements Callable<Integer> {
    @Option(names = "--inflight", defaultValue = "1024", paramLabel = "N", description = "rollouts in flight (default: ${DEFAULT-VALUE})")
    int inflight;

    @Option(names = "--latency-ms", defaultValue = "200", paramLabel = "L", description = "stub latency (default: ${DEFAULT-VALUE})")
    int latencyMs;

    @Option(names = "--requests", defaultValue = "20000", paramLabel = "R", description = "measured rollouts (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--warmup", defaultValue = "-1", paramLabel = "W",
            description = "unmeasured rollouts first, to warm the JIT and open connections (default: 12 s at the ideal rate)")
    int warmup;

    @Option(names = "--error-rate", defaultValue = "0", description = "stub: fraction answered HTTP 500")
    double errorRate;

    @Option(names = "--garbage-rate", defaultValue = "0", description = "stub: fraction answered with invalid JSON")
    double garbageRate;

    @Option(names = "--drop-rate", defaultValue = "0", description = "stub: fraction whose connection is dropped")
    double dropRate;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (inflight < 1 || latencyMs < 0 || requests < 1) {
            throw new IllegalArgumentException("--inflight and --requests must be >= 1 and --latency-ms >= 0");
        }
        var faults = new StubServer.Faults(Duration.ofMillis(latencyMs), errorRate, garbageRate, dropRate);
        var dir = Files.createTempDirectory("lyceum-bench-rollouts");
        try (var stub = StubServer.start(faults, BenchRolloutsCommand::answer, 1);
             var policy = new OpenAiPolicy(OpenAiConfig.of(stub.baseUrl().toString(), "stub").withMaxInFlight(inflight)
                     .withRequestTimeout(Duration.ofSeconds(30)))) {
            // On 2 cores the JIT keeps compiling for ~10 s under this load; measuring earlier measures the compiler.
            int warm = warmup >= 0 ? warmup : (int) Math.max(2L * inflight, 12L * inflight * 1000 / Math.max(1, latencyMs));
            if (warm > 0) run(environment("warmup", warm), policy, dir.resolve("warmup"), new ArrayList<>());
            var heapPeak = new AtomicLong();
            var sampler = Executors.newSingleThreadScheduledExecutor();
            var heap = ManagementFactory.getMemoryMXBean();
            sampler.scheduleAtFixedRate(() -> heapPeak.accumulateAndGet(heap.getHeapMemoryUsage().getUsed(), Math::max),
                    0, 50, TimeUnit.MILLISECONDS);
            var latencies = new ConcurrentLinkedQueue<Double>();
            long t0 = System.nanoTime();
            long cpu0 = Cpu.processNanos();
            var failures = run(environment("bench", requests), policy, dir.resolve("measured"), latencies);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (Cpu.processNanos() - cpu0) / 1e9;
            sampler.shutdownNow();
            double[] overhead = latencies.stream().mapToDouble(ms -> ms - latencyMs).sorted().toArray();
            double ideal = latencyMs == 0 ? Double.NaN : inflight * 1000.0 / latencyMs;
            var result = new LinkedHashMap<String, Object>();
            result.put("requests", requests);
            result.put("inflight", inflight);
            result.put("latency_ms", latencyMs);
            result.put("wall_s", round(wall));
            result.put("throughput_rps", round(requests / wall));
            result.put("ideal_rps", round(ideal));
            result.put("ratio_to_ideal", round(requests / wall / ideal));
            result.put("overhead_p50_ms", round(percentile(overhead, 0.50)));
            result.put("overhead_p99_ms", round(percentile(overhead, 0.99)));
            result.put("failures", failures.values().stream().mapToLong(Long::longValue).sum());
            result.put("failures_by_type", failures);
            result.put("retries", policy.counters());
            result.put("heap_peak_mb", round(heapPeak.get() / 1048576.0));
            result.put("cpu_s", round(cpu));
            result.put("cpu_ms_per_request", round(cpu * 1000 / requests));
            result.put("stub_served", stub.served());
            print(result);
            return 0;
        } finally {
            Directories.deleteTree(dir);
        }
    }

    private Map<String, Long> run(Environment env, OpenAiPolicy policy, java.nio.file.Path dir,
                                  java.util.Collection<Double> latencies) throws Exception {
        var failures = new TreeMap<String, Long>();
        try (var store = RunStore.open(dir)) {
            var engine = new RolloutEngine(env, Map.of("assistant", policy), store,
                    new RolloutEngine.Options(1, inflight, 0, Duration.ofMinutes(5)));
            engine.run(env.tasks(), false, new RolloutEngine.Listener() {
                @Override
                public void finished(Rollout rollout) {
                    latencies.add(rollout.duration().toNanos() / 1e6);
                    rollout.failure().ifPresent(f -> {
                        synchronized (failures) {
                            failures.merge(f.type(), 1L, Long::sum);
                        }
                    });
                }
            });
        }
        return failures;
    }

    private static Environment environment(String name, int n) {
        List<Task> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) tasks.add(Task.of(name + "-" + i, "What is " + i + " + 1?", Integer.toString(i + 1)));
        return new SingleTurnEnvironment(name, () -> tasks, new MathAnswerReward(Duration.ofSeconds(1)), Sampling.DEFAULT.withMaxTokens(16));
    }

    /** The stub answers each "What is i + 1?" correctly, so the bench exercises the reward path too. */
    private static String answer(String prompt) {
        var matcher = NUMBER.matcher(prompt);
        return matcher.find() ? "#### " + (Long.parseLong(matcher.group()) + 1) : "no number";
    }

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("\\d+");

    private void print(Map<String, Object> result) throws Exception {
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(result));
            return;
        }
        System.out.printf("bench rollouts: %d requests, %d in flight, %d ms stub latency%n", requests, inflight, latencyMs);
        System.out.printf("  throughput      %10.1f req/s  (ideal %.1f: %.1f%%)%n", result.get("throughput_rps"),
                result.get("ideal_rps"), 100 * (double) result.get("ratio_to_ideal"));
        System.out.printf("  overhead p50    %10.2f ms%n  overhead p99    %10.2f ms%n", result.get("overhead_p50_ms"),
                result.get("overhead_p99_ms"));
        System.out.printf("  failures        %10s%n  retries         %10s%n  heap peak       %10.1f MB%n",
                result.get("failures"), Reports.counts(castCounts(result.get("retries"))), result.get("heap_peak_mb"));
        System.out.printf("  cpu             %10.2f s  (%.3f ms per request; client, engine, store and stub together)%n",
                result.get("cpu_s"), result.get("cpu_ms_per_request"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> castCounts(Object o) { return (Map<String, Long>) o; }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static double round(double x) { return Math.round(x * 1000) / 1000.0; }
}
