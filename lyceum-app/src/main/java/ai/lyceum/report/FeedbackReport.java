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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The report of {@code lyceum experiment feedback}: the student alone (GRPO) against the student with teacher
 * feedback (Guide-IS and DPO variants), judged on both axes — RL steps and rollouts sampled (the student's first
 * attempts and retries and the teacher's turns). Curves, the PNG and the comparison on the rollouts axis come from
 * {@link GuideReport}, which judges every arm of the same machinery; this adds the steps-axis verdict, the feedback
 * figures (retry accuracy, DPO pairs) and the target the issue set: held-out pass@1 0.5 with ≤ 0.7× the rollouts.
 */
public final class FeedbackReport implements ExperimentReport {
    static final double TARGET_RATIO = 0.7;

    /**
     * One arm against the student alone on one axis.
     *
     * @param ratio    steps (or rollouts) to pass@1 0.5 over the baseline's; NaN when the arm never gets there
     * @param areaGain area under pass@1 on that axis minus the baseline's
     */
    public record Axis(double ratio, double areaGain, boolean faster) {}

    public record Verdict(String arm, Axis steps, Axis rollouts, boolean meetsTarget) {}

    private final GuideDemo.Result result;
    private final GuideReport curves;
    private final String setting;

    /** @param setting one paragraph describing the task, model, teacher and budgets */
    public FeedbackReport(GuideDemo.Result result, String setting) {
        this.result = result;
        this.curves = new GuideReport(result, setting);
        this.setting = setting;
    }

    public List<Verdict> verdicts() {
        var base = curves.curves(GuideReport.BASELINE);
        double baseSteps = base.stepsToLevel() < 0 ? base.evalSteps()[base.evalSteps().length - 1] : base.stepsToLevel();
        var out = new ArrayList<Verdict>();
        for (var c : curves.comparisons()) {
            var arm = curves.curves(c.arm());
            double stepRatio = arm.stepsToLevel() < 0 ? Double.NaN : arm.stepsToLevel() / baseSteps;
            double stepGain = arm.stepArea() - base.stepArea();
            var steps = new Axis(stepRatio, stepGain, stepRatio < 1 && stepGain > 0);
            var rollouts = new Axis(c.rolloutRatio(), c.areaGain(), c.accelerated());
            out.add(new Verdict(c.arm(), steps, rollouts, !Double.isNaN(c.rolloutRatio()) && c.rolloutRatio() <= TARGET_RATIO));
        }
        return out;
    }

    /** Writes report.md, learning_curves.png, metrics.csv and summary.json into {@code dir}. */
    @Override
    public void write(Path dir) throws IOException {
        curves.write(dir);
        writeCsv(dir.resolve("metrics.csv"));
        writeSummary(dir.resolve("summary.json"));
        Files.writeString(dir.resolve("report.md"), markdown());
    }

    @Override
    public void printTable(PrintStream out) {
        curves.printTable(out);
        for (var v : verdicts()) out.println(line(v));
    }

    private String line(Verdict v) {
        return String.format(Locale.ROOT, "%s vs the student alone: per step %s (area %+.3f), per rollout %s (area %+.3f); target"
                        + " (pass@1 0.5 with ≤ 0.70× the rollouts) %s",
                GuideReport.label(v.arm()), ratio(v.steps().ratio(), "steps"), v.steps().areaGain(),
                ratio(v.rollouts().ratio(), "rollouts"), v.rollouts().areaGain(), v.meetsTarget() ? "MET" : "MISSED");
    }

    private static String ratio(double r, String what) {
        return Double.isNaN(r) ? "never reaches 0.5" : String.format(Locale.ROOT, "%.2f× the %s to 0.5", r, what);
    }

    private String markdown() {
        var arms = curves.arms();
        var sb = new StringBuilder("# Teacher feedback vs the student alone — lyceum experiment feedback\n\n");
        sb.append(setting).append("\n\n![learning curves](learning_curves.png)\n\n");
        sb.append("Left: held-out greedy pass@1 of the **unguided** student against RL steps; right: against rollouts sampled"
                + " (the student's first attempts and retries, and every teacher turn).\n\n");
        sb.append("## Result (mean over ").append(runs(GuideReport.BASELINE).size()).append(" seeds)\n\n|");
        for (String arm : arms) sb.append(" | ").append(GuideReport.label(arm));
        sb.append(" |\n|---").append("|---".repeat(arms.size())).append("|\n");
        row(sb, arms, "held-out pass@1 at start", a -> curves.curves(a).passAt1()[0], "%.3f");
        row(sb, arms, "pass@1 at the end", a -> last(curves.curves(a).passAt1()), "%.3f");
        row(sb, arms, "steps to pass@1 0.5", a -> curves.curves(a).stepsToLevel(), "%.0f");
        row(sb, arms, "**rollouts to pass@1 0.5**", a -> curves.curves(a).rolloutsToLevel(), "%.0f");
        row(sb, arms, "rollouts sampled in all", a -> last(curves.curves(a).rollouts()), "%.0f");
        row(sb, arms, "optimiser updates in all", a -> last(curves.curves(a).updates()), "%.0f");
        row(sb, arms, "area under pass@1 vs step", a -> curves.curves(a).stepArea(), "%.3f");
        row(sb, arms, "first-attempt accuracy while training", a -> mean(a, StepReport::plainAccuracy), "%.3f");
        row(sb, arms, "retry accuracy (after feedback)", a -> mean(a, StepReport::hintedAccuracy), "%.3f");
        row(sb, arms, "teacher turns in all", a -> total(a, s -> s.cost().teacherCalls()), "%.0f");
        row(sb, arms, "teacher failures in all", a -> total(a, StepReport::teacherFailures), "%.0f");
        row(sb, arms, "wall seconds per run", a -> runs(a).stream().mapToDouble(GuideDemo.Run::seconds).average().orElse(Double.NaN), "%.1f");
        sb.append("\n## Verdict on both axes\n\nTarget: held-out pass@1 0.5 with ≤ 0.70× the rollouts the student alone needs."
                + " Faster per step: fewer steps to 0.5 and a larger area under pass@1 against steps; per rollout: GuideReport's bar"
                + " (≤ 0.70× the rollouts to 0.5 and area against rollouts ≥ +0.05 over the range every arm sampled).\n\n");
        for (var v : verdicts()) sb.append("- ").append(line(v)).append('\n');
        if (!baselineReached()) {
            sb.append("\nThe student alone never reached pass@1 0.5 in this run: its whole budget (steps and rollouts) stands in for"
                    + " its cost to 0.5, so every ratio above is an upper bound.\n");
        }

        sb.append("\n## Per seed\n\n| seed | arm | steps to 0.5 | rollouts to 0.5 | final pass@1 | rollouts | seconds |\n|---|---|---|---|---|---|---|\n");
        for (var run : result.runs()) {
            int at = -1;
            for (int i = 0; i < run.passAt1().length && at < 0; i++) if (run.passAt1()[i] >= GuideReport.LEVEL) at = i;
            double[] cum = cumulativeRollouts(run);
            sb.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.3f | %.0f | %.1f |%n", run.seed(), GuideReport.label(run.arm().name()),
                    at < 0 ? "not reached" : Integer.toString(run.evalSteps()[at]), at < 0 ? "not reached" : String.format(Locale.ROOT, "%.0f", cum[at]),
                    last(run.passAt1()), last(cum), run.seconds()));
        }
        for (String arm : arms) {
            if (arm.equals(GuideReport.BASELINE)) continue;
            var runs = runs(arm);
            boolean dpo = runs.stream().anyMatch(r -> r.extraMetrics().stream().anyMatch(m -> m.containsKey("dpo_pairs")));
            sb.append("\n## Feedback over training (").append(GuideReport.label(arm)).append(", mean over seeds)\n\n");
            sb.append("| steps | first-attempt accuracy | prompts given feedback | retry accuracy | guided share of trained sequences"
                    + (dpo ? " | DPO pairs | DPO loss | DPO accuracy" : "") + " |\n|---|---|---|---|---" + (dpo ? "|---|---|---" : "") + "|\n");
            int steps = runs.getFirst().steps().size(), width = Math.max(1, steps / 5);
            for (int from = 0; from < steps; from += width) {
                int to = Math.min(steps, from + width);
                sb.append(String.format(Locale.ROOT, "| %d–%d | %s | %s | %s | %s", from, to - 1,
                        fmt(window(runs, from, to, StepReport::plainAccuracy)), fmt(window(runs, from, to, StepReport::guidedPrompts)),
                        fmt(window(runs, from, to, StepReport::hintedAccuracy)), fmt(window(runs, from, to, StepReport::guidedShare))));
                if (dpo) {
                    sb.append(" | ").append(fmt(extraWindow(runs, from, to, "dpo_pairs"))).append(" | ")
                            .append(fmt(extraWindow(runs, from, to, "dpo_loss"))).append(" | ").append(fmt(extraWindow(runs, from, to, "dpo_accuracy")));
                }
                sb.append(" |\n");
            }
        }
        var w = result.warmStart();
        sb.append(String.format(Locale.ROOT, """

                ## Warm start (before any RL)

                Greedy held-out pass@1 %.3f; prompts failing all G sampled rollouts %.3f; pass@G %.3f; sampled accuracy with the
                reference hint %.3f; SFT final loss %.4f in %.1f s.
                """, w.greedyPassAt1(), w.allFailedShare(), w.passAtG(), w.hintedAccuracy(), w.finalLoss(), w.seconds()));
        sb.append(String.format(Locale.ROOT, "%nWall time of the whole experiment: %.1f s.%n", result.wallSeconds()));
        sb.append("\nFiles: `metrics.csv` (every step of every run, DPO figures included), `summary.json` (mean curves on both"
                + " axes and the verdicts), `run.db` (the run store: every episode with the student's and the teacher's turns and"
                + " per-role rewards, held-out evaluations, steps and feedback), `checkpoint-sft/` (the warm start).\n");
        return sb.toString();
    }

    private void row(StringBuilder sb, List<String> arms, String label, ToDoubleFunction<String> value, String format) {
        sb.append("| ").append(label);
        for (String arm : arms) {
            double v = value.applyAsDouble(arm);
            sb.append(" | ").append(Double.isNaN(v) || v < 0 ? "—" : String.format(Locale.ROOT, format, v));
        }
        sb.append(" |\n");
    }

    private void writeSummary(Path file) throws IOException {
        var summary = new LinkedHashMap<String, Object>();
        var base = curves.curves(GuideReport.BASELINE);
        summary.put("seeds", runs(GuideReport.BASELINE).size());
        summary.put("eval_steps", base.evalSteps());
        var arms = new LinkedHashMap<String, Object>();
        for (String arm : curves.arms()) {
            var c = curves.curves(arm);
            var a = new LinkedHashMap<String, Object>();
            a.put("pass1", c.passAt1());
            a.put("rollouts", c.rollouts());
            a.put("updates", c.updates());
            a.put("steps_to_0.5", c.stepsToLevel() < 0 ? null : c.stepsToLevel());
            a.put("rollouts_to_0.5", Double.isNaN(c.rolloutsToLevel()) ? null : c.rolloutsToLevel());
            a.put("teacher_turns", total(arm, s -> s.cost().teacherCalls()));
            a.put("teacher_failures", total(arm, StepReport::teacherFailures));
            arms.put(arm, a);
        }
        summary.put("arms", arms);
        var verdicts = new LinkedHashMap<String, Object>();
        for (var v : verdicts()) {
            var m = new LinkedHashMap<String, Object>();
            m.put("steps_axis", axis(v.steps()));
            m.put("rollouts_axis", axis(v.rollouts()));
            m.put("target_met", v.meetsTarget());
            verdicts.put(v.arm(), m);
        }
        summary.put("verdict", verdicts);
        summary.put("target", Map.of("pass1", GuideReport.LEVEL, "max_rollout_ratio", TARGET_RATIO));
        summary.put("baseline_reached_target", baselineReached()); // false: ratios are upper bounds
        summary.put("wall_s", result.wallSeconds());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), summary);
    }

    private static Map<String, Object> axis(Axis a) {
        var m = new LinkedHashMap<String, Object>();
        m.put("ratio_to_0.5", Double.isNaN(a.ratio()) ? null : a.ratio());
        m.put("area_gain", a.areaGain());
        m.put("faster", a.faster());
        return m;
    }

    /** One row per run and step: the step report's figures, then any the arm's trainer added (DPO's). */
    private void writeCsv(Path file) throws IOException {
        var extraKeys = new LinkedHashSet<String>();
        for (var run : result.runs()) for (var m : run.extraMetrics()) extraKeys.addAll(m.keySet());
        var lines = new ArrayList<String>();
        List<String> keys = null;
        for (var run : result.runs()) {
            for (int i = 0; i < run.steps().size(); i++) {
                StepReport s = run.steps().get(i);
                var m = s.metrics();
                if (keys == null) {
                    keys = List.copyOf(m.keySet());
                    lines.add("algorithm,seed,step,heldout_pass1," + String.join(",", keys)
                            + (extraKeys.isEmpty() ? "" : "," + String.join(",", extraKeys)));
                }
                int at = -1;
                for (int e = 0; e < run.evalSteps().length; e++) if (run.evalSteps()[e] == s.step()) at = e;
                var row = new StringBuilder(run.arm().name() + "," + run.seed() + "," + s.step() + "," + (at >= 0 ? run.passAt1()[at] : ""));
                for (String k : keys) row.append(',').append(m.get(k) == null ? "" : m.get(k));
                var extra = i < run.extraMetrics().size() ? run.extraMetrics().get(i) : Map.<String, Object>of();
                for (String k : extraKeys) row.append(',').append(extra.get(k) == null ? "" : extra.get(k));
                lines.add(row.toString());
            }
        }
        Files.write(file, lines);
    }

    private boolean baselineReached() { return curves.curves(GuideReport.BASELINE).stepsToLevel() >= 0; }

    private List<GuideDemo.Run> runs(String arm) { return result.runs().stream().filter(r -> r.arm().name().equals(arm)).toList(); }

    private double mean(String arm, ToDoubleFunction<StepReport> metric) {
        return window(runs(arm), 0, runs(arm).getFirst().steps().size(), metric);
    }

    private double total(String arm, ToDoubleFunction<StepReport> metric) {
        var runs = runs(arm);
        return runs.stream().mapToDouble(r -> r.steps().stream().mapToDouble(metric).sum()).average().orElse(Double.NaN);
    }

    private static double window(List<GuideDemo.Run> runs, int from, int to, ToDoubleFunction<StepReport> metric) {
        double sum = 0;
        int n = 0;
        for (var run : runs) {
            for (int i = from; i < Math.min(to, run.steps().size()); i++) {
                double v = metric.applyAsDouble(run.steps().get(i));
                if (Double.isFinite(v)) {
                    sum += v;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double extraWindow(List<GuideDemo.Run> runs, int from, int to, String key) {
        double sum = 0;
        int n = 0;
        for (var run : runs) {
            for (int i = from; i < Math.min(to, run.extraMetrics().size()); i++) {
                if (run.extraMetrics().get(i).get(key) instanceof Number x) {
                    sum += x.doubleValue();
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Rollouts sampled before each of a run's evaluations. */
    private static double[] cumulativeRollouts(GuideDemo.Run run) {
        double[] out = new double[run.evalSteps().length];
        double sum = 0;
        int next = 0;
        for (int i = 0; i < out.length; i++) {
            while (next < run.evalSteps()[i]) sum += run.steps().get(next++).cost().rolloutsSampled();
            out[i] = sum;
        }
        return out;
    }

    private static String fmt(double x) { return Double.isNaN(x) ? "—" : String.format(Locale.ROOT, "%.2f", x); }

    private static double last(double[] xs) { return xs[xs.length - 1]; }
}
