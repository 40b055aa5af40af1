package ai.lyceum.report;

import ai.lyceum.train.propose.ProposeExperiment;
import ai.lyceum.train.propose.ProposeStep;
import ai.lyceum.train.propose.TaskSource;
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
import java.util.stream.Collectors;

/**
 * Turns a {@link ProposeExperiment.Result} into {@code report.md}, {@code learning_curves.png}, {@code metrics.csv}
 * (one row per run and step) and {@code summary.json}. The question is whether the proposer-trained solver beats the
 * random-difficulty one at equal <em>solver</em> rollouts; the same comparison is also made counting the proposer's
 * generations, since a proposer is not free.
 */
public final class ProposeReport implements ExperimentReport {
    /** The pass@1 levels whose cost each arm is measured at. */
    static final double[] LEVELS = {0.5, 0.9};

    /**
     * One arm against the others on one axis (solver rollouts, or every generation sampled).
     *
     * @param budget   the smallest budget every arm reached (mean over seeds)
     * @param passAt   per arm, held-out pass@1 at the budget (linear interpolation of the mean curve)
     * @param area     per arm, mean pass@1 over [0, budget] of the axis: how fast it learned, not only where it ended
     * @param toLevel  per arm, the cost to reach each of {@link #LEVELS} on the mean curve (NaN: never reached)
     * @param seedWins seeds in which the proposer arm's area over that seed's common budget beats the random arm's
     * @param beats    higher area, pass@1 0.5 for less, and ahead in most seeds
     */
    public record Comparison(String axis, double budget, Map<String, Double> passAt, Map<String, Double> area,
            Map<String, double[]> toLevel, int seedWins, int seeds, boolean beats) {}

    private final ProposeExperiment.Result result;
    private final String setting;
    private final int maxLevel;
    private final String levelName;
    private final List<TaskSource> arms;

    /** @param levelName what a difficulty level counts ({@code rare letters}, {@code operand digits}) */
    public ProposeReport(ProposeExperiment.Result result, String setting, int maxLevel, String levelName) {
        this.result = result;
        this.setting = setting;
        this.maxLevel = maxLevel;
        this.levelName = levelName;
        this.arms = result.runs().stream().map(ProposeExperiment.Run::arm).distinct().toList();
        if (!arms.contains(TaskSource.PROPOSER) || !arms.contains(TaskSource.RANDOM)) {
            throw new IllegalArgumentException("the report compares the proposer and random arms; both must have run");
        }
    }

    /** Pass@1 per difficulty, for a progress line: {@code 1:0.98 2:0.91 …}. */
    public static String byLevel(double[] pass) {
        var sb = new StringBuilder();
        for (int i = 0; i < pass.length; i++) sb.append(i == 0 ? "" : " ").append(i + 1).append(':').append(fmt(pass[i]));
        return sb.toString();
    }

    private List<ProposeExperiment.Run> runs(TaskSource arm) { return result.runs().stream().filter(r -> r.arm() == arm).toList(); }

    private double[] meanPass(TaskSource arm) { return CurveStats.mean(runs(arm).stream().map(ProposeExperiment.Run::passAt1).toArray(double[][]::new)); }

    private double[] meanCost(TaskSource arm, ToDoubleFunction<ProposeStep> cost) {
        return CurveStats.mean(runs(arm).stream().map(r -> cumulative(r, cost)).toArray(double[][]::new));
    }

    /** Proposer against random (and every arm's figures) at the smallest budget all arms reached on {@code axis}. */
    public Comparison compare(String axis, ToDoubleFunction<ProposeStep> cost) {
        double budget = arms.stream().mapToDouble(a -> last(meanCost(a, cost))).min().orElseThrow();
        var passAt = new LinkedHashMap<String, Double>();
        var area = new LinkedHashMap<String, Double>();
        var toLevel = new LinkedHashMap<String, double[]>();
        for (TaskSource arm : arms) {
            double[] x = meanCost(arm, cost), y = meanPass(arm);
            passAt.put(arm.label(), interpolate(x, y, budget));
            area.put(arm.label(), CurveStats.areaUpTo(x, y, budget));
            double[] reach = new double[LEVELS.length];
            for (int i = 0; i < LEVELS.length; i++) reach[i] = costToReach(x, y, LEVELS[i]);
            toLevel.put(arm.label(), reach);
        }
        int wins = 0, seeds = 0;
        for (var p : runs(TaskSource.PROPOSER)) {
            var random = runs(TaskSource.RANDOM).stream().filter(r -> r.seed() == p.seed()).findFirst();
            if (random.isEmpty()) continue;
            double[] px = cumulative(p, cost), rx = cumulative(random.get(), cost);
            double b = Math.min(last(px), last(rx));
            seeds++;
            if (CurveStats.areaUpTo(px, p.passAt1(), b) > CurveStats.areaUpTo(rx, random.get().passAt1(), b)) wins++;
        }
        String p = TaskSource.PROPOSER.label(), r = TaskSource.RANDOM.label();
        double pHalf = toLevel.get(p)[0], rHalf = toLevel.get(r)[0];
        boolean cheaper = !Double.isNaN(pHalf) && (Double.isNaN(rHalf) || pHalf < rHalf);
        boolean beats = area.get(p) > area.get(r) && cheaper && 2 * wins > seeds;
        return new Comparison(axis, budget, passAt, area, toLevel, wins, seeds, beats);
    }

    public Comparison atEqualSolverRollouts() { return compare("solver rollouts", ProposeStep::solverRollouts); }

    public Comparison atEqualRollouts() { return compare("rollouts sampled (proposer generations included)", ProposeStep::rolloutsSampled); }

    @Override
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeCsv(dir.resolve("metrics.csv"));
        writeSummary(dir.resolve("summary.json"));
        var bySteps = new LinkedHashMap<String, LearningCurves.Curves>();
        var bySolver = new LinkedHashMap<String, LearningCurves.Curves>();
        var byAll = new LinkedHashMap<String, LearningCurves.Curves>();
        var digits = new LinkedHashMap<String, LearningCurves.Curves>();
        for (TaskSource arm : arms) {
            var runs = runs(arm);
            double[][] pass = runs.stream().map(ProposeExperiment.Run::passAt1).toArray(double[][]::new);
            int[] steps = runs.getFirst().evalSteps();
            double[] x = new double[steps.length];
            for (int i = 0; i < x.length; i++) x[i] = steps[i];
            bySteps.put(arm.label(), new LearningCurves.Curves(x, pass));
            bySolver.put(arm.label(), new LearningCurves.Curves(meanCost(arm, ProposeStep::solverRollouts), pass));
            byAll.put(arm.label(), new LearningCurves.Curves(meanCost(arm, ProposeStep::rolloutsSampled), pass));
            int n = runs.getFirst().steps().size();
            double[] s = new double[n];
            for (int i = 0; i < n; i++) s[i] = i;
            digits.put(arm.label(), new LearningCurves.Curves(s, runs.stream().map(r -> r.steps().stream()
                    .mapToDouble(ProposeStep::meanLevel).map(v -> Double.isFinite(v) ? v : 0).toArray()).toArray(double[][]::new)));
        }
        LearningCurves.writePanels(dir.resolve("learning_curves.png"), List.of(
                new LearningCurves.Panel("Held-out greedy pass@1 against RL steps", "RL step", "pass@1", bySteps, 1),
                new LearningCurves.Panel("Held-out greedy pass@1 against solver rollouts", "solver rollouts", "pass@1", bySolver, 1),
                new LearningCurves.Panel("Held-out greedy pass@1 against all rollouts sampled (both roles)",
                        "rollouts sampled, both roles", "pass@1", byAll, 1),
                new LearningCurves.Panel("Difficulty of the tasks trained on (" + levelName + ")", "RL step", "level", digits, maxLevel)));
        Files.writeString(dir.resolve("report.md"), markdown());
    }

    @Override
    public void printTable(PrintStream out) {
        out.printf("%-36s", "");
        for (TaskSource arm : arms) out.printf(" %12s", arm.label());
        out.println();
        row(out, "held-out pass@1 at start", a -> meanPass(a)[0]);
        row(out, "pass@1 at the end", a -> last(meanPass(a)));
        for (var count : List.of(Map.entry("solver rollouts in all", (ToDoubleFunction<ProposeStep>) ProposeStep::solverRollouts),
                Map.entry("rollouts sampled in all", (ToDoubleFunction<ProposeStep>) ProposeStep::rolloutsSampled))) {
            out.printf("%-36s", count.getKey());
            for (TaskSource arm : arms) out.printf(" %12s", cost(last(meanCost(arm, count.getValue()))));
            out.println();
        }
        for (var c : List.of(atEqualSolverRollouts(), atEqualRollouts())) out.println(verdictLine(c));
    }

    private void row(PrintStream out, String label, ToDoubleFunction<TaskSource> value) {
        out.printf("%-36s", label);
        for (TaskSource arm : arms) out.printf(" %12s", fmt(value.applyAsDouble(arm)));
        out.println();
    }

    private static String verdictLine(Comparison c) {
        String p = TaskSource.PROPOSER.label(), r = TaskSource.RANDOM.label();
        return String.format(Locale.ROOT, "At equal %s (up to %.0f): area under pass@1 %.3f (proposer) vs %.3f (random),"
                        + " pass@1 0.5 after %s vs %s, 0.9 after %s vs %s, pass@1 at the budget %.3f vs %.3f; proposer's area"
                        + " ahead in %d of %d seeds -> %s", c.axis(), c.budget(), c.area().get(p), c.area().get(r),
                cost(c.toLevel().get(p)[0]), cost(c.toLevel().get(r)[0]), cost(c.toLevel().get(p)[1]), cost(c.toLevel().get(r)[1]),
                c.passAt().get(p), c.passAt().get(r), c.seedWins(), c.seeds(),
                c.beats() ? "the proposer-trained solver beats the random-difficulty one"
                        : "the proposer-trained solver does NOT beat the random-difficulty one");
    }

    private static String cost(double x) { return Double.isNaN(x) ? "never" : String.format(Locale.ROOT, "%.0f", x); }

    /** Where the curve first reaches {@code level}, linearly interpolated between evaluations; NaN when it never does. */
    static double costToReach(double[] x, double[] y, double level) {
        for (int i = 0; i < y.length; i++) {
            if (y[i] < level) continue;
            if (i == 0) return x[0];
            return x[i - 1] + (x[i] - x[i - 1]) * (level - y[i - 1]) / (y[i] - y[i - 1]);
        }
        return Double.NaN;
    }

    private String markdown() {
        var w = result.warmStart();
        var sb = new StringBuilder("# Proposer / solver — does a proposer's curriculum train the solver faster?\n\n");
        sb.append(setting).append("\n\n![learning curves](learning_curves.png)\n\n");
        sb.append("## Verdict\n\nThe target: the proposer-trained solver beats the random-difficulty one on the held-out set at"
                + " equal solver rollouts. Bar: a higher area under pass@1 against solver rollouts over the budget every arm"
                + " reached (how fast it learned, which the end of a run that every arm finishes at 1.0 cannot show), pass@1"
                + " 0.5 for fewer solver rollouts, and a higher area in most seeds.\n\n");
        for (var c : List.of(atEqualSolverRollouts(), atEqualRollouts())) sb.append("- ").append(verdictLine(c)).append('\n');
        sb.append("\n## Result (mean over ").append(runs(TaskSource.RANDOM).size()).append(" seeds)\n\n|");
        for (TaskSource arm : arms) sb.append(" | ").append(arm.label());
        sb.append(" |\n|---").append("|---".repeat(arms.size())).append("|\n");
        var solver = atEqualSolverRollouts();
        var all = atEqualRollouts();
        mdRow(sb, "held-out pass@1 at start", a -> meanPass(a)[0]);
        mdRow(sb, "pass@1 at the end", a -> last(meanPass(a)));
        mdRow(sb, String.format(Locale.ROOT, "**pass@1 at %.0f solver rollouts**", solver.budget()), a -> solver.passAt().get(a.label()));
        mdRow(sb, "**area under pass@1 vs solver rollouts**", a -> solver.area().get(a.label()));
        mdCount(sb, "solver rollouts to pass@1 0.5", a -> solver.toLevel().get(a.label())[0]);
        mdCount(sb, "solver rollouts to pass@1 0.9", a -> solver.toLevel().get(a.label())[1]);
        mdRow(sb, String.format(Locale.ROOT, "pass@1 at %.0f rollouts sampled (both roles)", all.budget()), a -> all.passAt().get(a.label()));
        mdRow(sb, "area under pass@1 vs rollouts sampled", a -> all.area().get(a.label()));
        mdCount(sb, "rollouts sampled to pass@1 0.5", a -> all.toLevel().get(a.label())[0]);
        mdCount(sb, "rollouts sampled to pass@1 0.9", a -> all.toLevel().get(a.label())[1]);
        mdCount(sb, "solver rollouts in all", a -> last(meanCost(a, ProposeStep::solverRollouts)));
        mdCount(sb, "proposer generations in all", a -> last(meanCost(a, ProposeStep::proposerGenerations)));
        mdCount(sb, "optimiser updates in all", a -> last(meanCost(a, ProposeStep::updates)));
        mdRow(sb, "wall seconds per run", a -> runs(a).stream().mapToDouble(ProposeExperiment.Run::seconds).average().orElse(Double.NaN));
        mdRow(sb, "seconds per RL step", a -> runs(a).stream().flatMap(r -> r.steps().stream()).mapToDouble(ProposeStep::seconds).average().orElse(Double.NaN));

        sb.append("\n## Final held-out pass@1 by difficulty (mean over seeds)\n\n| " + levelName + " | warm start");
        for (TaskSource arm : arms) sb.append(" | ").append(arm.label());
        sb.append(" |\n|---|---").append("|---".repeat(arms.size())).append("|\n");
        for (int d = 0; d < maxLevel; d++) {
            int i = d;
            sb.append("| ").append(d + 1).append(" | ").append(fmt(w.passByLevel()[d]));
            for (TaskSource arm : arms) sb.append(" | ").append(fmt(runs(arm).stream().mapToDouble(r -> r.passByLevel()[i]).average().orElse(Double.NaN)));
            sb.append(" |\n");
        }

        sb.append("\n## What the proposer did (mean over seeds, windows of steps)\n\n"
                + "| steps | proposed level | accepted | malformed | unsolvable | p̂ | repetition penalty | proposer reward |"
                + " solver accuracy (proposer's tasks) | solver accuracy (random arm) | level (curriculum) |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        var proposer = runs(TaskSource.PROPOSER);
        int steps = proposer.getFirst().steps().size(), width = Math.max(1, steps / 6);
        for (int from = 0; from < steps; from += width) {
            int to = Math.min(steps, from + width);
            sb.append(String.format(Locale.ROOT, "| %d–%d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", from, to - 1,
                    fmt(window(proposer, from, to, ProposeStep::meanLevel)), fmt(window(proposer, from, to, ProposeStep::accepted)),
                    fmt(window(proposer, from, to, ProposeStep::malformed)), fmt(window(proposer, from, to, ProposeStep::unsolvable)),
                    fmt(window(proposer, from, to, ProposeStep::pHat)), fmt(window(proposer, from, to, ProposeStep::repetitionPenalty)),
                    fmt(window(proposer, from, to, ProposeStep::proposerReward)), fmt(window(proposer, from, to, ProposeStep::solverAccuracy)),
                    fmt(window(runs(TaskSource.RANDOM), from, to, ProposeStep::solverAccuracy)),
                    arms.contains(TaskSource.CURRICULUM) ? fmt(window(runs(TaskSource.CURRICULUM), from, to, ProposeStep::meanLevel)) : "—"));
        }
        int rejected = proposer.stream().flatMap(r -> r.steps().stream()).mapToInt(s -> s.malformed() + s.unsolvable()).sum();
        int failed = result.runs().stream().flatMap(r -> r.steps().stream()).mapToInt(ProposeStep::failedRollouts).sum();
        sb.append(String.format(Locale.ROOT, "%nRejected proposals over all proposer runs: %d (each a typed `proposal_malformed` or"
                + " `proposal_unsolvable` rollout in `run.db`, rewarded −1 less its repetition penalty). Rollouts failed for"
                + " other reasons, all arms: %d.%n", rejected, failed));

        sb.append("\n## Per seed\n\n| seed | arm | start | end | area under pass@1 vs solver rollouts, over the seed's common budget |"
                + " solver rollouts to pass@1 0.5 |\n|---|---|---|---|---|---|\n");
        for (var run : result.runs()) {
            double budget = result.runs().stream().filter(r -> r.seed() == run.seed())
                    .mapToDouble(r -> last(cumulative(r, ProposeStep::solverRollouts))).min().orElseThrow();
            double[] x = cumulative(run, ProposeStep::solverRollouts);
            sb.append(String.format(Locale.ROOT, "| %d | %s | %.3f | %.3f | %.3f (up to %.0f) | %s |%n", run.seed(), run.arm().label(),
                    run.passAt1()[0], last(run.passAt1()), CurveStats.areaUpTo(x, run.passAt1(), budget), budget,
                    cost(costToReach(x, run.passAt1(), 0.5))));
        }
        sb.append(String.format(Locale.ROOT, "%n## Warm start%n%nHeld-out greedy pass@1 %.3f (by level: %s); SFT final loss"
                + " %.4f in %.1f s.%n%nWall time of the whole experiment: %.1f s.%n", w.passAt1(), byLevel(w.passByLevel()),
                w.finalLoss(), w.seconds(), result.wallSeconds()));
        sb.append("\nFiles: `metrics.csv` (every step of every run), `summary.json` (mean curves on every axis and the verdicts),"
                + " `run.db` (the run store: every rollout with both roles' rewards, held-out evaluation and step),"
                + " `checkpoint-sft/` (the warm start).\n");
        return sb.toString();
    }

    private void mdCount(StringBuilder sb, String label, ToDoubleFunction<TaskSource> value) {
        sb.append("| ").append(label);
        for (TaskSource arm : arms) sb.append(" | ").append(cost(value.applyAsDouble(arm)));
        sb.append(" |\n");
    }

    private void mdRow(StringBuilder sb, String label, ToDoubleFunction<TaskSource> value) {
        sb.append("| ").append(label);
        for (TaskSource arm : arms) sb.append(" | ").append(fmt(value.applyAsDouble(arm)));
        sb.append(" |\n");
    }

    private void writeSummary(Path file) throws IOException {
        var s = new LinkedHashMap<String, Object>();
        s.put("seeds", runs(TaskSource.RANDOM).size());
        s.put("eval_steps", runs(TaskSource.RANDOM).getFirst().evalSteps());
        var pass = new LinkedHashMap<String, Object>();
        var solver = new LinkedHashMap<String, Object>();
        var all = new LinkedHashMap<String, Object>();
        var digits = new LinkedHashMap<String, Object>();
        for (TaskSource arm : arms) {
            pass.put(arm.label(), meanPass(arm));
            solver.put(arm.label(), meanCost(arm, ProposeStep::solverRollouts));
            all.put(arm.label(), meanCost(arm, ProposeStep::rolloutsSampled));
            double[] d = new double[maxLevel];
            for (int i = 0; i < maxLevel; i++) {
                int k = i;
                d[i] = runs(arm).stream().mapToDouble(r -> r.passByLevel()[k]).average().orElse(Double.NaN);
            }
            digits.put(arm.label(), d);
        }
        s.put("pass1", pass);
        s.put("solver_rollouts", solver);
        s.put("rollouts", all);
        s.put("final_pass1_by_level", digits);
        s.put("warm_start", Map.of("pass1", result.warmStart().passAt1(), "pass1_by_level", result.warmStart().passByLevel()));
        var verdicts = new LinkedHashMap<String, Object>();
        for (var c : List.of(atEqualSolverRollouts(), atEqualRollouts())) {
            var v = new LinkedHashMap<String, Object>();
            v.put("budget", c.budget());
            v.put("pass1_at_budget", c.passAt());
            v.put("area", c.area());
            var reach = new LinkedHashMap<String, Object>();
            c.toLevel().forEach((arm, x) -> reach.put(arm, java.util.Arrays.stream(x).mapToObj(d -> Double.isNaN(d) ? null : (Object) d).toList()));
            v.put("cost_to_pass1_0.5_0.9", reach);
            v.put("proposer_area_seed_wins", c.seedWins());
            v.put("seeds", c.seeds());
            v.put("proposer_beats_random", c.beats());
            verdicts.put(c.axis().startsWith("solver") ? "equal_solver_rollouts" : "equal_rollouts_sampled", v);
        }
        s.put("verdict", verdicts);
        s.put("wall_s", result.wallSeconds());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), s);
    }

    private void writeCsv(Path file) throws IOException {
        var lines = new ArrayList<String>();
        List<String> keys = null;
        for (var run : result.runs()) {
            for (ProposeStep s : run.steps()) {
                var m = s.metrics();
                if (keys == null) {
                    keys = List.copyOf(m.keySet());
                    lines.add("arm,seed,step,heldout_pass1," + String.join(",", keys));
                }
                int i = indexOf(run.evalSteps(), s.step() + 1);
                lines.add(run.arm().label() + "," + run.seed() + "," + s.step() + "," + (i >= 0 ? run.passAt1()[i] : "") + ","
                        + keys.stream().map(k -> m.get(k) == null ? "" : m.get(k).toString()).collect(Collectors.joining(",")));
            }
        }
        Files.write(file, lines);
    }

    /** Cumulative {@code cost} over a run's steps, before each of its evaluations. */
    static double[] cumulative(ProposeExperiment.Run run, ToDoubleFunction<ProposeStep> cost) {
        double[] out = new double[run.evalSteps().length];
        double sum = 0;
        int next = 0;
        for (int i = 0; i < out.length; i++) {
            while (next < run.evalSteps()[i]) sum += cost.applyAsDouble(run.steps().get(next++));
            out[i] = sum;
        }
        return out;
    }

    /** The curve's value at {@code at}, linearly interpolated (held flat past its ends). */
    static double interpolate(double[] x, double[] y, double at) {
        if (at <= x[0]) return y[0];
        for (int i = 1; i < x.length; i++) {
            if (at <= x[i]) return x[i] == x[i - 1] ? y[i] : y[i - 1] + (y[i] - y[i - 1]) * (at - x[i - 1]) / (x[i] - x[i - 1]);
        }
        return y[y.length - 1];
    }

    private static double window(List<ProposeExperiment.Run> runs, int from, int to, ToDoubleFunction<ProposeStep> metric) {
        double sum = 0;
        int n = 0;
        for (var run : runs) {
            for (int i = from; i < to && i < run.steps().size(); i++) {
                double v = metric.applyAsDouble(run.steps().get(i));
                if (Double.isFinite(v)) {
                    sum += v;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static String fmt(double x) { return Double.isNaN(x) ? "—" : String.format(Locale.ROOT, "%.3f", x); }

    private static double last(double[] xs) { return xs[xs.length - 1]; }

    private static int indexOf(int[] xs, int x) {
        for (int i = 0; i < xs.length; i++) if (xs[i] == x) return i;
        return -1;
    }
}
