package ai.lyceum.cli;

import ai.lyceum.ares.bench.AresBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lyceum bench ares}: synthetic LeRobot data → ingestion frames/s, then query and similar-search latency over HTTP. */
@Command(name = "ares", mixinStandardHelpOptions = true,
        description = "ARES ingestion throughput and query / k=10 similar latency (p50, p95) on synthetic episodes.")
final class BenchAresCommand implements Callable<Integer> {
    @Option(names = "--episodes", defaultValue = "100000") long episodes;
    @Option(names = "--requests", defaultValue = "200", description = "HTTP requests per query kind") int requests;
    @Option(names = "--work", paramLabel = "DIR", description = "work directory (default: a temporary one)") Path work;

    @Override
    public Integer call() throws Exception {
        var dir = work != null ? work : Files.createTempDirectory("lyceum-bench-ares");
        System.out.println(AresBenchmark.run(dir, episodes, requests).summary());
        return 0;
    }
}
