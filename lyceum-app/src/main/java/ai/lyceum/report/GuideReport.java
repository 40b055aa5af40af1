package ai.lyceum.report;

import ai.lyceum.train.demo.GuideDemo;
import ai.lyceum.train.rl.RlConfig.Algorithm;
import ai.lyceum.train.rl.StepReport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a {@link GuideDemo.Result} into what a person reads: {@code report.md}, {@code learning_curves.png},
 * {@code metrics.csv} (one row per run and step) and {@code summary.json} (the mean held-out curves).
 */
public final class GuideReport {
    /** The mean curves and their figures of merit; the verdict follows the bar. */
    public record Figures(int[] evalSteps, double[] grpo, double[] guide, int grpoStepsToHalf, int guideStepsToHalf,
            double grpoArea, double guideArea, boolean accelerated) {}

    private final GuideDemo.Result result;
    private final String setting;

    /** @param setting one paragraph describing the environment, model and budgets */
    public GuideReport(GuideDemo.Result result, String setting) {
        this.result = result;
        this.setting = setting;
    }

    public Figures figures() {
        int[] steps = runs(Algorithm.GRPO).getFirst().evalSteps();
        double[] grpo = CurveStats.mean(curves(Algorithm.GRPO)), guide = CurveStats.mean(curves(Algorithm.GUIDE));
        int g = CurveStats.stepsTo(steps, grpo, 0.5), h = CurveStats.stepsTo(steps, guide, 0.5);
        double ga = CurveStats.normalisedArea(steps, grpo), ha = CurveStats.normalisedArea(steps, guide);
        boolean faster = g < 0 ? h >= 0 && guide[guide.length - 1] >= grpo[grpo.length - 1] + 0.10
                : h >= 0 && h <= 0.6 * g;
        return new Figures(steps, grpo, guide, g, h, ga, ha, faster && ha >= ga + 0.10);
    }

    /** Writes the four files into {@code dir}. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Figures f = figures();
        writeSummary(dir.resolve("summary.json"), f);
        writeCsv(dir.resolve("metrics.csv"));
        var held = new LinkedHashMap<String, LearningCurves.Curves>();
        held.put("GRPO", new LearningCurves.Curves(f.evalSteps(), curves(Algorithm.GRPO)));
        held.put("Guide-GRPO", new LearningCurves.Curves(f.evalSteps(), curves(Algorithm.GUIDE)));
        LearningCurves.write(dir.resolve("learning_curves.png"), held,
                Map.of("Guide-GRPO", guidedShareCurves()));
        Files.writeString(dir.resolve("report.md"), markdown(f));
    }

    /** The comparison table, as the terminal shows it. */
    public void printTable(PrintStream out) {
        Figures f = figures();
        out.printf("%-26s %10s %12s%n", "", "GRPO", "Guide-GRPO");
        out.printf("%-26s %10.3f %12.3f%n", "held-out pass@1 at start", f.grpo()[0], f.guide()[0]);
        int mid = 0; // the last evaluation at or before half the budget
        while (mid + 1 < f.evalSteps().length && f.evalSteps()[mid + 1] <= f.evalSteps()[f.evalSteps().length - 1] / 2) mid++;
        out.printf("%-26s %10.3f %12.3f%n", "pass@1 at step " + f.evalSteps()[mid], f.grpo()[mid], f.guide()[mid]);
        out.printf("%-26s %10.3f %12.3f%n", "pass@1 at the end", last(f.grpo()), last(f.guide()));
        out.printf("%-26s %10s %12s%n", "steps to pass@1 0.5", reach(f.grpoStepsToHalf()), reach(f.guideStepsToHalf()));
        out.printf("%-26s %10.3f %12.3f%n", "area under the curve", f.grpoArea(), f.guideArea());
        out.printf("%-26s %10.1f %12.1f%n", "wall seconds per run", meanSeconds(Algorithm.GRPO), meanSeconds(Algorithm.GUIDE));
        out.printf("Guide accelerates learning by the issue's bar: %s%n", f.accelerated() ? "yes" : "no");
    }

    private String markdown(Figures f) {
        var w = result.warmStart();
        var sb = new StringBuilder();
        sb.append("# Guide-GRPO vs GRPO — Lyceum demo\n\n").append(setting).append("\n\n");
        sb.append("![learning curves](learning_curves.png)\n\n");
        sb.append("## Result (mean over ").append(result.runs().size() / 2).append(" seeds)\n\n");
        sb.append("| | GRPO | Guide-GRPO |\n|---|---|---|\n");
        sb.append(row("held-out pass@1 at start", f.grpo()[0], f.guide()[0]));
        for (int target : new int[] {20, 40, 60, 80}) {
            int i = indexOf(f.evalSteps(), target);
            if (i >= 0) sb.append(row("pass@1 at step " + target, f.grpo()[i], f.guide()[i]));
        }
        sb.append(row("pass@1 at the end (step " + f.evalSteps()[f.evalSteps().length - 1] + ")", last(f.grpo()), last(f.guide())));
        sb.append("| steps to pass@1 0.5 | ").append(reach(f.grpoStepsToHalf())).append(" | ")
                .append(reach(f.guideStepsToHalf())).append(" |\n");
        sb.append(row("area under the curve", f.grpoArea(), f.guideArea()));
        sb.append(String.format(Locale.ROOT, "| wall seconds per run | %.1f | %.1f |%n", meanSeconds(Algorithm.GRPO),
                meanSeconds(Algorithm.GUIDE)));
        sb.append("\n**Verdict:** ").append(f.accelerated()
                ? "Guide-GRPO accelerates learning by the bar set (0.5 in ≤ 60% of GRPO's steps, or ≥ 10 points higher"
                  + " if GRPO never gets there; area ≥ 0.10 higher)."
                : "the bar (0.5 in ≤ 60% of GRPO's steps, or ≥ 10 points higher if GRPO never gets there; area ≥ 0.10"
                  + " higher) is **not** met in this run.").append("\n\n");

        sb.append("## Per seed\n\n| seed | algorithm | steps to 0.5 | area | final pass@1 | seconds |\n|---|---|---|---|---|---|\n");
        for (var run : result.runs()) {
            sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %.3f | %.3f | %.1f |%n", run.seed(), name(run.algorithm()),
                    reach(CurveStats.stepsTo(run.evalSteps(), run.passAt1(), 0.5)),
                    CurveStats.normalisedArea(run.evalSteps(), run.passAt1()), last(run.passAt1()), run.seconds()));
        }
        sb.append("\n## Guidance over training (Guide-GRPO, mean over seeds)\n\n");
        sb.append("| steps | all-failed prompts | guided share of trained sequences | hinted accuracy | γ median |\n|---|---|---|---|---|\n");
        int steps = runs(Algorithm.GUIDE).getFirst().steps().size();
        for (int from = 0; from < steps; from += Math.max(1, steps / 5)) {
            int to = Math.min(steps, from + Math.max(1, steps / 5));
            sb.append(String.format(Locale.ROOT, "| %d–%d | %s | %s | %s | %s |%n", from, to - 1,
                    fmt(window(from, to, StepReport::allFailedShare)), fmt(window(from, to, StepReport::guidedShare)),
                    fmt(window(from, to, StepReport::hintedAccuracy)), fmt(window(from, to, StepReport::gammaP50))));
        }
        sb.append("\n## Warm start (before any RL)\n\n");
        sb.append(String.format(Locale.ROOT, """
                | condition | measured | wanted (../shared/specs/guide-small-scale.md) |
                |---|---|---|
                | greedy held-out pass@1 | %.3f | below 0.20 |
                | prompts failing all G rollouts | %.3f | ≥ 0.90 |
                | pass@G | %.3f | above 0 |
                | sampled accuracy with the hint | %.3f | 0.60–0.90 |
                | 5th percentile of log π(answer│plain) − log π(answer│hint) | %.2f | above about −3 |
                | SFT final loss / seconds | %.4f / %.1f | |
                """, w.greedyPassAt1(), w.allFailedShare(), w.passAtG(), w.hintedAccuracy(), w.logRatioP5(), w.finalLoss(), w.seconds()));
        sb.append(String.format(Locale.ROOT, "%nWall time of the whole demo: %.1f s.%n", result.wallSeconds()));
        sb.append("\nFiles: `metrics.csv` (every step of every run), `summary.json` (mean curves), `run.db` "
                + "(the run store: step metrics and every hint the teacher gave), `checkpoint-sft/` (the warm start).\n");
        return sb.toString();
    }

    private void writeSummary(Path file, Figures f) throws IOException {
        var summary = new LinkedHashMap<String, Object>();
        summary.put("seeds", result.runs().size() / 2);
        summary.put("eval_steps", f.evalSteps());
        summary.put("grpo", f.grpo());
        summary.put("guide", f.guide());
        summary.put("wall_s", result.wallSeconds());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), summary);
    }

    private void writeCsv(Path file) throws IOException {
        var lines = new ArrayList<String>();
        List<String> keys = null;
        for (var run : result.runs()) {
            for (StepReport s : run.steps()) {
                var m = s.metrics();
                if (keys == null) {
                    keys = List.copyOf(m.keySet());
                    lines.add("algorithm,seed,step,heldout_pass1," + String.join(",", keys));
                }
                int i = indexOf(run.evalSteps(), s.step());
                var row = new StringBuilder(name(run.algorithm()) + "," + run.seed() + "," + s.step() + ","
                        + (i >= 0 ? run.passAt1()[i] : ""));
                for (String k : keys) row.append(',').append(m.get(k) == null ? "" : m.get(k));
                lines.add(row.toString());
            }
        }
        Files.write(file, lines);
    }

    private LearningCurves.Curves guidedShareCurves() {
        var runs = runs(Algorithm.GUIDE);
        int n = runs.getFirst().steps().size();
        int[] steps = new int[n];
        double[][] values = new double[runs.size()][n];
        for (int i = 0; i < n; i++) steps[i] = i;
        for (int r = 0; r < runs.size(); r++) {
            for (int i = 0; i < n; i++) values[r][i] = runs.get(r).steps().get(i).guidedShare();
        }
        return new LearningCurves.Curves(steps, values);
    }

    private double window(int from, int to, java.util.function.ToDoubleFunction<StepReport> metric) {
        double sum = 0;
        int n = 0;
        for (var run : runs(Algorithm.GUIDE)) {
            for (int i = from; i < to; i++) {
                double v = metric.applyAsDouble(run.steps().get(i));
                if (Double.isFinite(v)) {
                    sum += v;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private List<GuideDemo.Run> runs(Algorithm a) { return result.runs().stream().filter(r -> r.algorithm() == a).toList(); }

    private double[][] curves(Algorithm a) { return runs(a).stream().map(GuideDemo.Run::passAt1).toArray(double[][]::new); }

    private double meanSeconds(Algorithm a) { return runs(a).stream().mapToDouble(GuideDemo.Run::seconds).average().orElse(Double.NaN); }

    private static String name(Algorithm a) { return a == Algorithm.GRPO ? "grpo" : "guide"; }

    private static String row(String label, double a, double b) {
        return String.format(Locale.ROOT, "| %s | %.3f | %.3f |%n", label, a, b);
    }

    private static String reach(int steps) { return steps < 0 ? "not reached" : Integer.toString(steps); }

    private static String fmt(double x) { return Double.isNaN(x) ? "—" : String.format(Locale.ROOT, "%.2f", x); }

    private static double last(double[] xs) { return xs[xs.length - 1]; }

    private static int indexOf(int[] xs, int x) {
        for (int i = 0; i < xs.length; i++) if (xs[i] == x) return i;
        return -1;
    }
}
