package ai.lyceum.cli;

import ai.lyceum.bench.researchrubrics.RrBenchmark;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lyceum bench researchrubrics}: grading throughput against a loopback stub judge, cold and warm cache. */
@Command(name = "researchrubrics", mixinStandardHelpOptions = true,
        description = "ResearchRubrics grading: N generated tasks (~26 criteria each) against a loopback stub judge, judge cache cold then warm.")
final class BenchResearchRubricsCommand implements Callable<Integer> {
    @Option(names = "--tasks", defaultValue = "101") int tasks;
    @Option(names = "--latency-ms", defaultValue = "300") int latencyMs;
    @Option(names = "--concurrency", defaultValue = "20", description = "judge calls in flight (default: ${DEFAULT-VALUE}, as the public grader)") int concurrency;
    @Option(names = "--report-chars", defaultValue = "8000", description = "size of each generated report (default: ${DEFAULT-VALUE})") int reportChars;
    @Option(names = "--json", description = "print JSON") boolean json;

    @Override
    public Integer call() throws Exception {
        var work = Files.createTempDirectory("lyceum-bench-rr");
        try {
            var r = RrBenchmark.run(new RrBenchmark.Options(tasks, Duration.ofMillis(latencyMs), concurrency,
                    ai.lyceum.reward.rubric.Grading.BINARY, reportChars, 7), work);
            var out = new LinkedHashMap<String, Object>();
            out.put("tasks", r.tasks());
            out.put("items", r.items());
            out.put("cold_s", r.cold().seconds());
            out.put("cold_judge_calls", r.cold().judgeCalls());
            out.put("warm_s", r.warm().seconds());
            out.put("warm_judge_calls", r.warm().judgeCalls());
            out.put("failed_items", r.cold().failedItems() + r.warm().failedItems());
            out.put("wrong_scores", r.cold().wrongScores() + r.warm().wrongScores());
            out.put("compliance", r.compliance());
            out.put("cores", Runtime.getRuntime().availableProcessors());
            if (json) System.out.println(new ObjectMapper().writeValueAsString(out));
            else out.forEach((k, v) -> System.out.printf("  %-18s %s%n", k, v));
            return r.cold().wrongScores() + r.warm().wrongScores() == 0 ? 0 : 1;
        } finally {
            Directories.deleteTree(work);
        }
    }
}
