package ai.lyceum.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures a sandbox provider the way rollouts use it, for {@code lyceum bench sandbox}: throughput of a trivial
 * Python program run from many virtual threads, and the median cost of the sandbox over starting the same program
 * as a bare process (same interpreter, same file, same empty environment). Overhead samples alternate bare and
 * sandboxed runs so that drifting host load hits both alike.
 *
 * <pre>{@code java -cp lyceum-core.jar ai.lyceum.sandbox.SandboxBenchmark [provider] [threads] [executions] [samples]}</pre>
 */
public final class SandboxBenchmark {
    private static final String TRIVIAL = "pass\n";

    private final SandboxProvider provider;
    private final SandboxLimits limits;

    public SandboxBenchmark(SandboxProvider provider, SandboxLimits limits) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * What was measured.
     *
     * @param executionsPerSecond trivial sandboxed runs completed per second with {@code threads} in flight
     * @param medianOverhead      median of (sandboxed − bare) over paired samples, from call to result
     * @param outcomes            how the throughput runs ended (anything but OK points at a broken sandbox)
     */
    public record Result(String provider, int threads, int executions, Duration elapsed, double executionsPerSecond,
                         int samples, Duration medianBare, Duration medianSandboxed, Duration medianOverhead,
                         Map<ExecResult.Outcome, Integer> outcomes) {
        public Result {
            outcomes = Map.copyOf(outcomes);
        }

        /** A few lines for a terminal. */
        public String summary() {
            return "sandbox %s: %d executions on %d threads in %.2f s = %.1f executions/s%n"
                    .formatted(provider, executions, threads, elapsed.toMillis() / 1000.0, executionsPerSecond)
                    + "trivial python, median of %d: bare %.1f ms, sandboxed %.1f ms, overhead %.1f ms%n"
                    .formatted(samples, millis(medianBare), millis(medianSandboxed), millis(medianOverhead))
                    + "outcomes: " + outcomes;
        }

        private static double millis(Duration d) { return d.toNanos() / 1e6; }
    }

    /** Runs {@code executions} trivial programs on {@code threads} virtual threads, then {@code samples} overhead pairs. */
    public Result run(int threads, int executions, int samples) throws InterruptedException, IOException {
        if (threads < 1 || executions < 1 || samples < 1) {
            throw new IllegalArgumentException("threads, executions and samples must be positive, were "
                    + threads + ", " + executions + ", " + samples);
        }
        try (var sandbox = provider.open(limits, threads)) {
            var spec = ExecSpec.of(Language.PYTHON, TRIVIAL);
            for (int i = 0; i < Math.min(5, executions); i++) sandbox.run(spec); // warm the page cache and the JIT

            var outcomes = new ConcurrentHashMap<ExecResult.Outcome, AtomicInteger>();
            long begin = System.nanoTime();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < executions; i++) {
                    pool.submit(() -> outcomes.computeIfAbsent(sandbox.run(spec).outcome(), o -> new AtomicInteger()).incrementAndGet());
                }
            }
            var elapsed = Duration.ofNanos(System.nanoTime() - begin);
            var counted = new EnumMap<ExecResult.Outcome, Integer>(ExecResult.Outcome.class);
            outcomes.forEach((outcome, count) -> counted.put(outcome, count.get()));

            var bare = new ArrayList<Long>();
            var boxed = new ArrayList<Long>();
            var overhead = new ArrayList<Long>();
            var file = Files.createTempFile("lyceum-bench-", ".py");
            try {
                Files.writeString(file, TRIVIAL);
                var python = Interpreters.find(Language.PYTHON.executable()).orElseThrow(
                        () -> new IOException(Language.PYTHON.executable() + " not found in " + ProcessSandbox.PATH)).toString();
                for (int i = 0; i < samples; i++) {
                    long b = bareRun(python, file.toString());
                    long t0 = System.nanoTime();
                    sandbox.run(spec);
                    long s = System.nanoTime() - t0;
                    bare.add(b);
                    boxed.add(s);
                    overhead.add(s - b);
                }
            } finally {
                Files.deleteIfExists(file);
            }
            return new Result(provider.name(), threads, executions, elapsed, executions / (elapsed.toNanos() / 1e9),
                    samples, median(bare), median(boxed), median(overhead), counted);
        }
    }

    private static long bareRun(String python, String file) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(python, "-B", file).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", ProcessSandbox.PATH, "LANG", "C.UTF-8"));
        long t0 = System.nanoTime();
        var process = builder.start();
        process.getOutputStream().close();
        process.getInputStream().readAllBytes();
        process.waitFor();
        return System.nanoTime() - t0;
    }

    private static Duration median(List<Long> nanos) {
        var sorted = nanos.stream().sorted().toList();
        int n = sorted.size();
        return Duration.ofNanos(n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2);
    }
}
