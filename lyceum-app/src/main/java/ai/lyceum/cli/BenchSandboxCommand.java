package ai.lyceum.cli;

import ai.lyceum.sandbox.SandboxBenchmark;
import ai.lyceum.sandbox.SandboxLimits;
import ai.lyceum.sandbox.SandboxProvider;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lyceum bench sandbox}: sandboxed executions per second, and the median overhead over a bare process. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Sandbox throughput and median start-up overhead of a trivial Python program.")
final class BenchSandboxCommand implements Callable<Integer> {
    @Option(names = "--sandbox", defaultValue = "bwrap", description = "provider (default: ${DEFAULT-VALUE})")
    String sandbox;

    @Option(names = "--threads", defaultValue = "2", description = "concurrent executions (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--executions", defaultValue = "200", description = "executions for throughput (default: ${DEFAULT-VALUE})")
    int executions;

    @Option(names = "--samples", defaultValue = "50", description = "bare/sandboxed pairs for the overhead (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        SandboxProvider provider;
        try {
            provider = SandboxProvider.named(sandbox);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        var r = new SandboxBenchmark(provider, SandboxLimits.DEFAULT).run(threads, executions, samples);
        if (!json) {
            System.out.println(r.summary());
            return 0;
        }
        var out = new LinkedHashMap<String, Object>();
        out.put("provider", r.provider());
        out.put("threads", r.threads());
        out.put("executions", r.executions());
        out.put("executions_per_s", r.executionsPerSecond());
        out.put("median_bare_ms", r.medianBare().toNanos() / 1e6);
        out.put("median_sandboxed_ms", r.medianSandboxed().toNanos() / 1e6);
        out.put("median_overhead_ms", r.medianOverhead().toNanos() / 1e6);
        out.put("outcomes", r.outcomes());
        System.out.println(new ObjectMapper().writeValueAsString(out));
        return 0;
    }
}
