package ai.lyceum.cli;

import ai.lyceum.eval.EvalSummary;
import ai.lyceum.eval.Evaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Collectors;

/** Summary tables for the terminal. */
final class Reports {
    private Reports() {}

    /** Writes an experiment's report into {@code out} and prints its table and where the files are. */
    static void finishExperiment(ai.lyceum.report.ExperimentReport report, java.nio.file.Path out, double wallSeconds)
            throws IOException {
        report.write(out);
        System.out.println();
        report.printTable(System.out);
        System.out.printf(java.util.Locale.ROOT, "%nWall time %.1f s. Report: %s (plot: %s)%n", wallSeconds,
                out.resolve("report.md"), out.resolve(report.plotFile()));
    }

    static void printEval(PrintStream out, String env, String policy, int samples, Evaluation.Result result, boolean json)
            throws IOException {
        if (json) {
            out.println(Files.readString(result.summaryFile()).strip());
            return;
        }
        var s = result.summary();
        out.println();
        out.printf("%s · %s · %d tasks × %d sample%s = %d rollouts (%d failed) · %.1f s%n", env, policy, s.tasks(),
                samples, samples == 1 ? "" : "s", s.rollouts(), s.rollouts() - s.scored(), result.wall().toMillis() / 1000.0);
        if (result.partial()) {
            out.printf("  PARTIAL: %d of %d planned rollouts recorded%n", s.rollouts(), result.planned());
        }
        out.printf("  %-14s %8s   %s%n", "metric", "value", "95% CI (bootstrap over tasks)");
        if (s.scored() == 0) { // nothing measured: a 0.000 here would read as a measured figure
            out.printf("  %-14s %8s   (%s)%n", "mean reward", "n/a", s.rollouts() == 0 ? "no rollouts" : "no rollout was scored");
            out.printf("  %-14s %8s%n", "pass@1", "n/a");
        } else {
            row(out, "mean reward", s.meanReward(), s.meanRewardCi());
            row(out, "pass@1", s.passAt1(), s.passAt1Ci());
            if (s.k() > 1) row(out, "pass@" + s.k(), s.passAtK(), s.passAtKCi());
        }
        if (s.scored() < s.rollouts() && s.scored() > 0) {
            out.printf("  %-14s %8.3f   (over the %d scored rollouts only)%n", "mean scored", s.meanRewardScored(), s.scored());
        }
        out.printf("  %-14s %s%n", "failures", counts(s.failures()));
        if (!result.counters().isEmpty()) out.printf("  %-14s %s%n", "counters", counts(result.counters()));
        out.printf("  rollouts: %s%n  summary:  %s%n", result.rolloutsFile(), result.summaryFile());
    }

    private static void row(PrintStream out, String name, double value, EvalSummary.Interval ci) {
        out.printf("  %-14s %8.3f   [%.3f, %.3f]%n", name, value, ci.low(), ci.high());
    }

    static String counts(Map<String, Long> counts) {
        if (counts.isEmpty()) return "none";
        return counts.entrySet().stream().map(e -> e.getKey() + " × " + e.getValue()).collect(Collectors.joining(", "));
    }
}
