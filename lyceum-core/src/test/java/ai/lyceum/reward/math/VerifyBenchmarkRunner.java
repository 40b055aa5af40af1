package ai.lyceum.reward.math;

import java.nio.file.Path;

/**
 * Measures the verifier on MATH-500 variants; for a person, not for CI. Run from the worktree with
 * {@code java -cp lyceum-core/target/classes:lyceum-core/target/test-classes:<jackson jars>
 * ai.lyceum.reward.math.VerifyBenchmarkRunner ../shared/data/math500/test.jsonl 2 5}.
 */
final class VerifyBenchmarkRunner {
    private VerifyBenchmarkRunner() {}

    public static void main(String[] args) throws Exception {
        var file = Path.of(args.length > 0 ? args[0] : "../shared/data/math500/test.jsonl");
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        var bench = new VerifyBenchmark(new MathVerifier(MathVerifyOptions.defaults()));
        var work = VerifyBenchmark.variants(VerifyBenchmark.readGoldAnswers(file));
        for (int r = 0; r < rounds; r++) {
            var cpu0 = ProcessHandle.current().info().totalCpuDuration().orElseThrow();
            var result = bench.run(work, threads);
            var cpu = ProcessHandle.current().info().totalCpuDuration().orElseThrow().minus(cpu0);
            System.out.printf("round %d: %d verdicts on %d threads: %.0f verdicts/s, p50 %.0f us, p99 %.0f us, "
                    + "timeouts %d, crashes %d, agreement %.4f; %.0f verdicts per CPU-second%n", r, result.verdicts(), threads,
                result.verdictsPerSecond(), result.p50Micros(), result.p99Micros(), result.timeouts(), result.crashes(),
                result.agreement(), result.verdicts() / (cpu.toNanos() / 1e9));
            if (r == rounds - 1) result.disagreements().forEach(d -> System.out.println("  " + d));
        }
    }
}
