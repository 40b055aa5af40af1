package ai.lyceum.cli;

import ai.lyceum.reward.judge.RubricBenchmark;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lyceum bench rubric}: per-criterion rubric scoring against a loopback judge with fixed latency. */
@Command(name = "rubric", mixinStandardHelpOptions = true,
        description = "Rubric scoring throughput: N responses × C criteria, one judge call each, against a loopback stub judge.")
final class BenchRubricCommand implements Callable<Integer> {
    @Option(names = "--responses", defaultValue = "1000") int responses;
    @Option(names = "--criteria", defaultValue = "20") int criteria;
    @Option(names = "--latency-ms", defaultValue = "300") int latencyMs;
    @Option(names = "--inflight", defaultValue = "1024", description = "judge calls in flight at most (default: ${DEFAULT-VALUE})") int inflight;
    @Option(names = "--warmup", defaultValue = "100", description = "unmeasured responses first (default: ${DEFAULT-VALUE})") int warmup;
    @Option(names = "--json", description = "print JSON") boolean json;

    @Override
    public Integer call() throws Exception {
        var r = RubricBenchmark.run(new RubricBenchmark.Options(responses, criteria, Duration.ofMillis(latencyMs), inflight,
                responses, warmup, 7));
        var out = new LinkedHashMap<String, Object>();
        out.put("responses", r.responses());
        out.put("criteria", r.criteria());
        out.put("judge_calls", r.judgeCalls());
        out.put("wall_s", r.wallSeconds());
        out.put("cpu_s", r.cpuSeconds());
        out.put("calls_per_s", r.callsPerSecond());
        out.put("mean_in_flight", r.meanInFlight());
        out.put("ideal_s", r.idealSeconds());
        out.put("scored", r.scored());
        out.put("failed", r.failed());
        out.put("wrong_scores", r.wrongScores());
        if (json) System.out.println(new ObjectMapper().writeValueAsString(out));
        else out.forEach((k, v) -> System.out.printf("  %-16s %s%n", k, v));
        return 0;
    }
}
