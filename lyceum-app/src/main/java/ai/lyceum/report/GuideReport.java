package ai.lyceum.report;

import ai.lyceum.train.demo.GuideDemo;
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
import java.util.function.ToDoubleFunction;

/**
 * Turns a {@link GuideDemo.Result} into what a person reads: {@code report.md}, {@code learning_curves.png},
 * {@code metrics.csv} (one row per run and step) and {@code summary.json} (the mean curves). Every arm is judged
 * on two axes: RL steps, and rollouts sampled (every role's generations: plain, guided and the teacher's), because
 * a method that samples twice as much per step has not learned faster just by needing fewer steps.
 */
public final class GuideReport implements ExperimentReport {
    /** The arm every other is compared with. */
    public static final String BASELINE = "grpo";
    /** Pass@1 the "how soon" figures are measured at. */
    static final double LEVEL = 0.5;

    /**
     * One arm's mean curves over seeds, at its evaluation steps.
     *
     * @param rollouts cumulative rollouts sampled before each evaluation (mean over seeds)
     * @param updates  cumulative optimiser updates before each evaluation (mean over seeds)
     */
    public record ArmCurves(String arm, int[] evalSteps, double[] passAt1, double[] rollouts, double[] updates,
            int stepsToLevel, double rolloutsToLevel, double stepArea) {}

    /**
     * The verdict on the rollouts axis for one guided arm against the baseline.
     *
     * @param rolloutRatio rollouts to pass@1 0.5 over the baseline's (NaN when the arm never gets there; when the
     *                     baseline never does, its whole budget stands in, so the ratio is an upper bound)
     * @param areaGain     area under pass@1 against rollouts, over the range every arm sampled, minus the baseline's
     */
    public record Comparison(String arm, double rolloutRatio, double areaGain, boolean accelerated) {}

    private final GuideDemo.Result result;
    private final String setting;
    private final List<String> arms;

    /** @param setting one paragraph describing the environment, model and budgets */
    public GuideReport(GuideDemo.Result result, String setting) {
        this.result = result;
        this.setting = setting;
        this.arms = result.runs().stream().map(r -> r.arm().name()).distinct().toList();
        if (!arms.contains(BASELINE)) throw new IllegalArgumentException("the demo needs a '" + BASELINE + "' arm");
    }

    public List<String> arms() { return arms; }

    public ArmCurves curves(String arm) {
        var runs = runs(arm);
        int[] steps = runs.getFirst().evalSteps();
        double[] pass = CurveStats.mean(runs.stream().map(GuideDemo.Run::passAt1).toArray(double[][]::new));
        double[] rollouts = CurveStats.mean(runs.stream().map(r -> cumulative(r, s -> s.cost().rolloutsSampled())).toArray(double[][]::new));
        double[] updates = CurveStats.mean(runs.stream().map(r -> cumulative(r, StepReport::updates)).toArray(double[][]::new));
        int at = firstReaching(pass);
        return new ArmCurves(arm, steps, pass, rollouts, updates, at < 0 ? -1 : steps[at], at < 0 ? Double.NaN : rollouts[at],
                CurveStats.normalisedArea(steps, pass));
    }

    /** Each guided arm against the baseline on the rollouts axis; the bar: ≤ 0.7× the rollouts, area ≥ +0.05. */
    public List<Comparison> comparisons() {
        var base = curves(BASELINE);
        double range = arms.stream().mapToDouble(a -> last(curves(a).rollouts())).min().orElseThrow();
        double baseArea = CurveStats.areaUpTo(base.rollouts(), base.passAt1(), range);
        double baseCost = Double.isNaN(base.rolloutsToLevel()) ? last(base.rollouts()) : base.rolloutsToLevel();
        var out = new ArrayList<Comparison>();
        for (String arm : arms) {
            if (arm.equals(BASELINE)) continue;
            var c = curves(arm);
            double ratio = c.rolloutsToLevel() / baseCost;
            double gain = CurveStats.areaUpTo(c.rollouts(), c.passAt1(), range) - baseArea;
            out.add(new Comparison(arm, ratio, gain, ratio <= 0.7 && gain >= 0.05));
        }
        return out;
    }

    /** Writes the four files into {@code dir}. */
    @Override
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeSummary(dir.resolve("summary.json"));
        writeCsv(dir.resolve("metrics.csv"));
        var bySteps = new LinkedHashMap<String, LearningCurves.Curves>();
        var byRollouts = new LinkedHashMap<String, LearningCurves.Curves>();
        var guided = new LinkedHashMap<String, LearningCurves.Curves>();
        for (String arm : arms) {
            var runs = runs(arm);
            double[][] values = runs.stream().map(GuideDemo.Run::passAt1).toArray(double[][]::new);
            var c = curves(arm);
            double[] steps = new double[c.evalSteps().length];
            for (int i = 0; i < steps.length; i++) steps[i] = c.evalSteps()[i];
            bySteps.put(label(arm), new LearningCurves.Curves(steps, values));
            byRollouts.put(label(arm), new LearningCurves.Curves(c.rollouts(), values));
            if (runs.stream().anyMatch(r -> r.steps().stream().anyMatch(s -> s.guidedPrompts() > 0))) {
                guided.put(label(arm), guidedShareCurves(runs));
            }
        }
        LearningCurves.write(dir.resolve("learning_curves.png"), bySteps, byRollouts, guided);
        Files.writeString(dir.resolve("report.md"), markdown());
    }

    /** The comparison table, as the terminal shows it. */
    @Override
    public void printTable(PrintStream out) {
        out.printf("%-30s", "");
        for (String arm : arms) out.printf(" %14s", label(arm));
        out.println();
        row(out, "held-out pass@1 at start", a -> curves(a).passAt1()[0], "%.3f");
        row(out, "pass@1 at the end", a -> last(curves(a).passAt1()), "%.3f");
        row(out, "steps to pass@1 0.5", a -> curves(a).stepsToLevel(), "%.0f");
        row(out, "rollouts to pass@1 0.5", a -> curves(a).rolloutsToLevel(), "%.0f");
        row(out, "rollouts sampled in all", a -> last(curves(a).rollouts()), "%.0f");
        row(out, "optimiser updates in all", a -> last(curves(a).updates()), "%.0f");
        row(out, "area under pass@1 vs step", a -> curves(a).stepArea(), "%.3f");
        row(out, "wall seconds per run", this::meanSeconds, "%.1f");
        for (var v : comparisons()) out.println(comparisonLine(v));
    }

    private void row(PrintStream out, String label, ToDoubleFunction<String> value, String format) {
        out.printf("%-30s", label);
        for (String arm : arms) {
            double v = value.applyAsDouble(arm);
            out.printf(" %14s", Double.isNaN(v) || v < 0 ? "not reached" : String.format(Locale.ROOT, format, v));
        }
        out.println();
    }

    private String comparisonLine(Comparison v) {
        return String.format(Locale.ROOT, "%s vs GRPO on the rollouts axis: %s rollouts to pass@1 0.5, area %+.3f -> %s",
                label(v.arm()), Double.isNaN(v.rolloutRatio()) ? "never reached" : String.format(Locale.ROOT, "%.2f×", v.rolloutRatio()),
                v.areaGain(), v.accelerated() ? "accelerates (bar: ≤ 0.70×, area ≥ +0.05)" : "does not accelerate (bar: ≤ 0.70×, area ≥ +0.05)");
    }

    private String markdown() {
        var w = result.warmStart();
        var sb = new StringBuilder();
        sb.append("# Guide-GRPO vs GRPO at equal cost — Lyceum demo\n\n").append(setting).append("\n\n");
        sb.append("![learning curves](learning_curves.png)\n\n");
        sb.append("## Result (mean over ").append(runs(BASELINE).size()).append(" seeds)\n\n");
        sb.append("Rollouts sampled count every generation a step paid for: the student's plain and guided rollouts and"
                + " the teacher's turns.\n\n|");
        for (String arm : arms) sb.append(" | ").append(label(arm));
        sb.append(" |\n|---");
        sb.append("|---".repeat(arms.size())).append("|\n");
        mdRow(sb, "held-out pass@1 at start", a -> curves(a).passAt1()[0], "%.3f");
        for (int target : new int[] {20, 40, 60, 80}) {
            int i = indexOf(curves(BASELINE).evalSteps(), target);
            if (i >= 0) mdRow(sb, "pass@1 at step " + target, a -> curves(a).passAt1()[i], "%.3f");
        }
        mdRow(sb, "pass@1 at the end", a -> last(curves(a).passAt1()), "%.3f");
        mdRow(sb, "steps to pass@1 0.5", a -> curves(a).stepsToLevel(), "%.0f");
        mdRow(sb, "**rollouts to pass@1 0.5**", a -> curves(a).rolloutsToLevel(), "%.0f");
        mdRow(sb, "rollouts sampled in all", a -> last(curves(a).rollouts()), "%.0f");
        mdRow(sb, "optimiser updates in all", a -> last(curves(a).updates()), "%.0f");
        mdRow(sb, "area under pass@1 vs step", a -> curves(a).stepArea(), "%.3f");
        mdRow(sb, "wall seconds per run", this::meanSeconds, "%.1f");
        sb.append("\n**Verdict on the rollouts axis** (bar: pass@1 0.5 with ≤ 0.70× GRPO's rollouts, and area under"
                + " pass@1 against rollouts ≥ 0.05 higher over the range every arm sampled):\n\n");
        for (var v : comparisons()) sb.append("- ").append(comparisonLine(v)).append('\n');

        sb.append("\n## Per seed\n\n| seed | arm | steps to 0.5 | rollouts to 0.5 | area (steps) | final pass@1 | seconds |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (var run : result.runs()) {
            double[] cum = cumulative(run, s -> s.cost().rolloutsSampled());
            int at = firstReaching(run.passAt1());
            sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.3f | %.3f | %.1f |%n", run.seed(), label(run.arm().name()),
                    at < 0 ? "not reached" : Integer.toString(run.evalSteps()[at]), at < 0 ? "not reached" : String.format(Locale.ROOT, "%.0f", cum[at]),
                    CurveStats.normalisedArea(run.evalSteps(), run.passAt1()), last(run.passAt1()), run.seconds()));
        }
        for (String arm : arms) {
            var runs = runs(arm);
            if (runs.stream().noneMatch(r -> r.steps().stream().anyMatch(s -> s.guidedPrompts() > 0))) continue;
            sb.append("\n## Guidance over training (").append(label(arm)).append(", mean over seeds)\n\n");
            sb.append("| steps | all-failed prompts | guided prompts | guided share of trained sequences | hinted accuracy | γ median |\n"
                    + "|---|---|---|---|---|---|\n");
            int steps = runs.getFirst().steps().size();
            for (int from = 0; from < steps; from += Math.max(1, steps / 5)) {
                int to = Math.min(steps, from + Math.max(1, steps / 5));
                sb.append(String.format(Locale.ROOT, "| %d–%d | %s | %s | %s | %s | %s |%n", from, to - 1,
                        fmt(window(runs, from, to, StepReport::allFailedShare)), fmt(window(runs, from, to, StepReport::guidedPrompts)),
                        fmt(window(runs, from, to, StepReport::guidedShare)), fmt(window(runs, from, to, StepReport::hintedAccuracy)),
                        fmt(window(runs, from, to, StepReport::gammaP50))));
            }
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
        sb.append("\nFiles: `metrics.csv` (every step of every run), `summary.json` (mean curves on both axes), `run.db` "
                + "(the run store: every rollout, held-out evaluation, step and hint), `checkpoint-sft/` (the warm start).\n");
        return sb.toString();
    }

    private void mdRow(StringBuilder sb, String label, ToDoubleFunction<String> value, String format) {
        sb.append("| ").append(label);
        for (String arm : arms) {
            double v = value.applyAsDouble(arm);
            sb.append(" | ").append(Double.isNaN(v) || v < 0 ? "not reached" : String.format(Locale.ROOT, format, v));
        }
        sb.append(" |\n");
    }

    private void writeSummary(Path file) throws IOException {
        var summary = new LinkedHashMap<String, Object>();
        var base = curves(BASELINE);
        summary.put("seeds", runs(BASELINE).size());
        summary.put("eval_steps", base.evalSteps());
        summary.put("grpo", base.passAt1());
        if (arms.contains("guide")) summary.put("guide", curves("guide").passAt1());
        var rollouts = new LinkedHashMap<String, Object>();
        var updates = new LinkedHashMap<String, Object>();
        var pass = new LinkedHashMap<String, Object>();
        for (String arm : arms) {
            var c = curves(arm);
            rollouts.put(arm, c.rollouts());
            updates.put(arm, c.updates());
            pass.put(arm, c.passAt1());
        }
        summary.put("rollouts", rollouts);
        summary.put("updates", updates);
        summary.put("pass1", pass);
        var verdicts = new LinkedHashMap<String, Object>();
        for (var v : comparisons()) {
            verdicts.put(v.arm(), Map.of("rollout_ratio_to_0.5", Double.isNaN(v.rolloutRatio()) ? "not reached" : v.rolloutRatio(),
                    "rollout_area_gain", v.areaGain(), "accelerated", v.accelerated()));
        }
        summary.put("verdict_rollouts_axis", verdicts);
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
                var row = new StringBuilder(run.arm().name() + "," + run.seed() + "," + s.step() + ","
                        + (i >= 0 ? run.passAt1()[i] : ""));
                for (String k : keys) row.append(',').append(m.get(k) == null ? "" : m.get(k));
                lines.add(row.toString());
            }
        }
        Files.write(file, lines);
    }

    /** Cumulative {@code metric} over a run's steps, before each of its evaluations. */
    private static double[] cumulative(GuideDemo.Run run, ToDoubleFunction<StepReport> metric) {
        double[] out = new double[run.evalSteps().length];
        double sum = 0;
        int next = 0;
        for (int i = 0; i < out.length; i++) {
            while (next < run.evalSteps()[i]) sum += metric.applyAsDouble(run.steps().get(next++));
            out[i] = sum;
        }
        return out;
    }

    private static LearningCurves.Curves guidedShareCurves(List<GuideDemo.Run> runs) {
        int n = runs.getFirst().steps().size();
        double[] steps = new double[n];
        double[][] values = new double[runs.size()][n];
        for (int i = 0; i < n; i++) steps[i] = i;
        for (int r = 0; r < runs.size(); r++) {
            for (int i = 0; i < n; i++) values[r][i] = runs.get(r).steps().get(i).guidedShare();
        }
        return new LearningCurves.Curves(steps, values);
    }

    private static double window(List<GuideDemo.Run> runs, int from, int to, ToDoubleFunction<StepReport> metric) {
        double sum = 0;
        int n = 0;
        for (var run : runs) {
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

    private List<GuideDemo.Run> runs(String arm) { return result.runs().stream().filter(r -> r.arm().name().equals(arm)).toList(); }

    private double meanSeconds(String arm) { return runs(arm).stream().mapToDouble(GuideDemo.Run::seconds).average().orElse(Double.NaN); }

    /** How reports name an arm. */
    static String label(String arm) {
        return switch (arm) {
            case "grpo" -> "GRPO";
            case "guide" -> "Guide-GRPO";
            default -> arm;
        };
    }

    private static int firstReaching(double[] pass) {
        for (int i = 0; i < pass.length; i++) if (pass[i] >= LEVEL) return i;
        return -1;
    }

    private static String fmt(double x) { return Double.isNaN(x) ? "—" : String.format(Locale.ROOT, "%.2f", x); }

    private static double last(double[] xs) { return xs[xs.length - 1]; }

    private static int indexOf(int[] xs, int x) {
        for (int i = 0; i < xs.length; i++) if (xs[i] == x) return i;
        return -1;
    }
}
