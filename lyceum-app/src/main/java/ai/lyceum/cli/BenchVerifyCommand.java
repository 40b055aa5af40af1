package ai.lyceum.cli;

import ai.lyceum.env.Environments;
import ai.lyceum.reward.math.MathVerifier;
import ai.lyceum.reward.math.MathVerifyOptions;
import ai.lyceum.reward.math.VerifyBenchmark;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lyceum bench verify}: verdicts per second of the math verifier on the MATH-500 gold answers checked against
 * re-formatted variants (equivalent and not). The first rounds warm the JIT; the median measured round is reported.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Math verifier throughput on MATH-500 answer variants.")
final class BenchVerifyCommand implements Callable<Integer> {
    @Option(names = "--threads", defaultValue = "2", description = "verifier threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--rounds", defaultValue = "5", description = "measured rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup", defaultValue = "3", description = "unmeasured rounds first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "shared data (default: LYCEUM_DATA or ../shared/data)")
    Path dataDir;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (threads < 1 || rounds < 1 || warmup < 0) throw new IllegalArgumentException("--threads and --rounds must be >= 1");
        var file = (dataDir != null ? dataDir : Environments.defaultDataDir()).resolve("math500/test.jsonl");
        var variants = VerifyBenchmark.variants(VerifyBenchmark.readGoldAnswers(file));
        var bench = new VerifyBenchmark(new MathVerifier(MathVerifyOptions.defaults()));
        for (int i = 0; i < warmup; i++) bench.run(variants, threads);
        var results = new ArrayList<VerifyBenchmark.Result>();
        long cpu0 = Cpu.processNanos();
        for (int i = 0; i < rounds; i++) results.add(bench.run(variants, threads));
        double cpuSeconds = (Cpu.processNanos() - cpu0) / 1e9;
        results.sort(Comparator.comparingDouble(VerifyBenchmark.Result::verdictsPerSecond));
        var median = results.get(results.size() / 2);
        var out = new LinkedHashMap<String, Object>();
        out.put("variants", variants.size());
        out.put("threads", threads);
        out.put("rounds", rounds);
        out.put("verdicts_per_s", Math.round(median.verdictsPerSecond()));
        out.put("verdicts_per_cpu_s", Math.round(median.verdicts() * rounds / cpuSeconds));
        out.put("p50_us", median.p50Micros());
        out.put("p99_us", median.p99Micros());
        out.put("timeouts", results.stream().mapToInt(VerifyBenchmark.Result::timeouts).sum());
        out.put("crashes", results.stream().mapToInt(VerifyBenchmark.Result::crashes).sum());
        out.put("agreement", median.agreement());
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } else {
            System.out.printf("bench verify: %d MATH-500 answer variants, %d threads, median of %d rounds%n",
                    variants.size(), threads, rounds);
            out.forEach((k, v) -> System.out.printf("  %-20s %s%n", k, v));
            median.disagreements().forEach(d -> System.out.println("  disagrees: " + d));
        }
        return 0;
    }
}
