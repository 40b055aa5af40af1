package ai.lyceum.report;

import ai.lyceum.env.selfplay.MatchResult;
import ai.lyceum.eval.EvalSummary.Interval;
import ai.lyceum.train.selfplay.SelfPlayExperiment;
import ai.lyceum.train.selfplay.SelfPlayExperiment.Evaluation;
import ai.lyceum.train.selfplay.SelfPlayExperiment.Run;
import ai.lyceum.train.selfplay.SelfPlayStep;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * Turns a {@link SelfPlayExperiment.Result} into {@code report.md}, {@code selfplay_curves.png}, {@code metrics.csv}
 * (one row per run and step, evaluations on the steps that had one) and {@code summary.json}. Each arm is judged on
 * win+draw against the random player over RL steps and over games sampled (both seats' games count once; every
 * answer of either seat is a generation), and on response length over training, the paper's collapse signal.
 */
public final class SelfPlayReport implements ExperimentReport {
    public static final String PLOT = "selfplay_curves.png";

    @Override
    public String plotFile() { return PLOT; }
    /** The issue's target: win+draw against the random player. */
    static final double TARGET = 0.9;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e)};

    private final SelfPlayExperiment.Result result;
    private final String setting;
    private final List<String> arms;

    public SelfPlayReport(SelfPlayExperiment.Result result, String setting) {
        this.result = result;
        this.setting = setting;
        this.arms = result.runs().stream().map(r -> r.arm().name()).distinct().toList();
    }

    /** One arm's mean figures over seeds. */
    public record ArmCurves(String arm, int[] evalSteps, double[] games, double[] winOrDrawVsRandom,
            double[] winOrDrawVsStrong, double[] responseTokens, MatchResult finalVsRandom, MatchResult finalVsStrong,
            int stepsToTarget, double gamesToTarget) {}

    private List<Run> runs(String arm) { return result.runs().stream().filter(r -> r.arm().name().equals(arm)).toList(); }

    public ArmCurves curves(String arm) {
        var runs = runs(arm);
        var first = runs.getFirst().evaluations();
        int[] steps = first.stream().mapToInt(Evaluation::step).toArray();
        double[] games = CurveStats.mean(matrix(runs, Evaluation::gamesSampled));
        double[] random = CurveStats.mean(matrix(runs, e -> e.vsRandom().total().winOrDrawRate()));
        double[] strong = CurveStats.mean(matrix(runs, e -> e.vsStrong().total().winOrDrawRate()));
        int n = runs.getFirst().steps().size();
        double[] tokens = new double[n];
        for (var run : runs) for (int i = 0; i < n; i++) tokens[i] += run.steps().get(i).meanResponseTokens() / runs.size();
        MatchResult finalRandom = pooled(runs, e -> e.vsRandom().total()), finalStrong = pooled(runs, e -> e.vsStrong().total());
        int at = -1;
        for (int i = 0; i < random.length && at < 0; i++) if (random[i] >= TARGET) at = i;
        return new ArmCurves(arm, steps, games, random, strong, tokens, finalRandom, finalStrong,
                at < 0 ? -1 : steps[at], at < 0 ? Double.NaN : games[at]);
    }

    private static double[][] matrix(List<Run> runs, java.util.function.ToDoubleFunction<Evaluation> f) {
        return runs.stream().map(r -> r.evaluations().stream().mapToDouble(f).toArray()).toArray(double[][]::new);
    }

    /** The last evaluation of every seed, pooled: the games behind the final rates and their Wilson intervals. */
    private static MatchResult pooled(List<Run> runs, Function<Evaluation, MatchResult> f) {
        MatchResult sum = null;
        for (var run : runs) {
            var m = f.apply(run.evaluations().getLast());
            sum = sum == null ? m : sum.plus(m);
        }
        return sum;
    }

    @Override
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeCsv(dir.resolve("metrics.csv"));
        writeSummary(dir.resolve("summary.json"));
        writePlot(dir.resolve(PLOT));
        Files.writeString(dir.resolve("report.md"), markdown());
    }

    @Override
    public void printTable(PrintStream out) {
        out.printf("%-34s", "");
        for (String arm : arms) out.printf(" %12s", arm);
        out.println();
        var w = result.warmStart().evaluation();
        row(out, "win+draw vs random, warm start", a -> w.vsRandom().total().winOrDrawRate());
        row(out, "win+draw vs random, end", a -> curves(a).finalVsRandom().winOrDrawRate());
        row(out, "win+draw vs " + shortStrong() + ", end", a -> curves(a).finalVsStrong().winOrDrawRate());
        row(out, "invalid moves vs random, end", a -> curves(a).finalVsRandom().invalidRate());
        row(out, "response tokens, first step", a -> curves(a).responseTokens()[0]);
        row(out, "response tokens, last step", a -> last(curves(a).responseTokens()));
    }

    private void row(PrintStream out, String label, Function<String, Double> f) {
        out.printf("%-34s", label);
        for (String arm : arms) out.printf(Locale.ROOT, " %12.3f", f.apply(arm));
        out.println();
    }

    private String shortStrong() { return result.strongOpponent().replaceAll("\\(.*", ""); }

    private void writeCsv(Path file) throws IOException {
        var lines = new ArrayList<String>();
        List<String> keys = null;
        for (var run : result.runs()) {
            double games = 0, generations = 0;
            for (SelfPlayStep s : run.steps()) {
                games += s.games();
                generations += s.generations();
                var m = s.metrics();
                if (keys == null) {
                    keys = List.copyOf(m.keySet().stream().filter(k -> !k.startsWith("baseline.")).toList());
                    lines.add("arm,seed,step,games_sampled,generations_sampled,vs_random_win,vs_random_draw,vs_random_loss,"
                            + "vs_random_win_or_draw,vs_random_invalid,vs_strong_win,vs_strong_draw,vs_strong_loss,"
                            + "vs_strong_win_or_draw,baselines," + String.join(",", keys));
                }
                var row = new StringBuilder(run.arm().name() + "," + run.seed() + "," + s.step() + "," + (long) games + ","
                        + (long) generations);
                var e = run.evaluations().stream().filter(x -> x.step() == s.step() + 1).findFirst();
                if (e.isPresent()) {
                    var r = e.get().vsRandom().total();
                    var st = e.get().vsStrong().total();
                    row.append(String.format(Locale.ROOT, ",%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f", r.winRate(), r.drawRate(),
                            r.lossRate(), r.winOrDrawRate(), r.invalidRate(), st.winRate(), st.drawRate(), st.lossRate(), st.winOrDrawRate()));
                } else {
                    row.append(",,,,,,,,,");
                }
                var b = new StringBuilder();
                new java.util.TreeMap<>(s.baselines()).forEach((k, v) -> b.append(b.isEmpty() ? "" : ";").append(k).append('=')
                        .append(String.format(Locale.ROOT, "%.4f", v)));
                row.append(',').append(b);
                for (String k : keys) row.append(',').append(m.get(k) == null ? "" : m.get(k));
                lines.add(row.toString());
            }
        }
        Files.write(file, lines);
    }

    private static Map<String, Object> match(MatchResult m) {
        var out = new LinkedHashMap<String, Object>();
        out.put("opponent", m.opponent());
        out.put("games", m.games());
        out.put("win", m.winRate());
        out.put("draw", m.drawRate());
        out.put("loss", m.lossRate());
        out.put("win_or_draw", m.winOrDrawRate());
        out.put("win_ci95", ci(m.winInterval()));
        out.put("draw_ci95", ci(m.drawInterval()));
        out.put("loss_ci95", ci(m.lossInterval()));
        out.put("win_or_draw_ci95", ci(m.winOrDrawInterval()));
        out.put("invalid_moves", m.invalidMoves());
        out.put("failed", m.failed());
        return out;
    }

    private static double[] ci(Interval i) { return new double[] {i.low(), i.high()}; }

    private static Map<String, Object> evaluation(Evaluation e) {
        var out = new LinkedHashMap<String, Object>();
        out.put("step", e.step());
        out.put("vs_random", match(e.vsRandom().total()));
        out.put("vs_random_as_player0", match(e.vsRandom().asPlayer0()));
        out.put("vs_random_as_player1", match(e.vsRandom().asPlayer1()));
        out.put("vs_strong", match(e.vsStrong().total()));
        out.put("vs_strong_as_player0", match(e.vsStrong().asPlayer0()));
        out.put("vs_strong_as_player1", match(e.vsStrong().asPlayer1()));
        return out;
    }

    private void writeSummary(Path file) throws IOException {
        var summary = new LinkedHashMap<String, Object>();
        summary.put("experiment", "selfplay");
        summary.put("setting", setting);
        summary.put("strong_opponent", result.strongOpponent());
        var warm = new LinkedHashMap<String, Object>(evaluation(result.warmStart().evaluation()));
        warm.put("sft_final_loss", result.warmStart().finalLoss());
        warm.put("sft_seconds", result.warmStart().seconds());
        summary.put("warm_start", warm);
        var perArm = new LinkedHashMap<String, Object>();
        for (String arm : arms) {
            var c = curves(arm);
            var a = new LinkedHashMap<String, Object>();
            a.put("eval_steps", c.evalSteps());
            a.put("games_sampled", c.games());
            a.put("win_or_draw_vs_random", c.winOrDrawVsRandom());
            a.put("win_or_draw_vs_strong", c.winOrDrawVsStrong());
            a.put("mean_response_tokens_by_step", c.responseTokens());
            a.put("final_vs_random_pooled_over_seeds", match(c.finalVsRandom()));
            a.put("final_vs_strong_pooled_over_seeds", match(c.finalVsStrong()));
            a.put("steps_to_0.9", c.stepsToTarget() < 0 ? "not reached" : c.stepsToTarget());
            a.put("games_to_0.9", Double.isNaN(c.gamesToTarget()) ? "not reached" : c.gamesToTarget());
            var seeds = new LinkedHashMap<String, Object>();
            for (var run : runs(arm)) {
                seeds.put(Long.toString(run.seed()), Map.of("final", evaluation(run.evaluations().getLast()), "seconds", run.seconds()));
            }
            a.put("seeds", seeds);
            perArm.put(arm, a);
        }
        summary.put("arms", perArm);
        summary.put("verdict", verdict());
        summary.put("wall_s", result.wallSeconds());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), summary);
    }

    /** The target and the ablation, in words, from the figures. */
    Map<String, Object> verdict() {
        var v = new LinkedHashMap<String, Object>();
        double start = result.warmStart().evaluation().vsRandom().total().winOrDrawRate();
        v.put("untrained_win_or_draw_vs_random", start);
        if (arms.contains("rae")) {
            var rae = curves("rae");
            double end = rae.finalVsRandom().winOrDrawRate();
            v.put("rae_final_win_or_draw_vs_random", end);
            v.put("target_0.9_met", end >= TARGET);
        }
        var ends = new LinkedHashMap<String, Object>();
        for (String arm : arms) ends.put(arm, curves(arm).finalVsRandom().winOrDrawRate());
        v.put("final_win_or_draw_vs_random_by_arm", ends);
        var area = new LinkedHashMap<String, Object>();
        for (String arm : arms) {
            var c = curves(arm);
            area.put(arm, CurveStats.normalisedArea(c.evalSteps(), c.winOrDrawVsRandom()));
        }
        v.put("mean_win_or_draw_over_training_by_arm", area);
        var collapse = new LinkedHashMap<String, Object>();
        for (String arm : arms) {
            var t = curves(arm).responseTokens();
            collapse.put(arm, Map.of("first_step", t[0], "last_step", last(t)));
        }
        v.put("response_tokens_by_arm", collapse);
        return v;
    }

    private void writePlot(Path png) throws IOException {
        XYChart bySteps = chart("Win+draw vs the random player, greedy learner in both seats, against RL steps", "RL step", "win+draw", 420);
        XYChart byGames = chart("Win+draw vs the random player against games sampled (self-play rollouts)", "games sampled", "win+draw", 420);
        XYChart strong = chart("Win+draw vs " + shortStrong() + " against RL steps", "RL step", "win+draw", 320);
        XYChart length = chart("Mean response length over training (tokens per answer, both seats)", "RL step", "tokens", 320);
        double longest = 1;
        for (String arm : arms) for (double t : curves(arm).responseTokens()) if (Double.isFinite(t)) longest = Math.max(longest, t);
        length.getStyler().setYAxisMin(0.0);
        length.getStyler().setYAxisMax(Math.ceil(longest * 1.25));
        length.getStyler().setYAxisDecimalPattern("#0.#");
        int colour = 0;
        for (String arm : arms) {
            var c = curves(arm);
            var color = COLORS[colour++ % COLORS.length];
            var runs = runs(arm);
            double[] steps = java.util.Arrays.stream(c.evalSteps()).asDoubleStream().toArray();
            band(bySteps, arm, steps, matrix(runs, e -> e.vsRandom().total().winOrDrawRate()), color);
            band(byGames, arm, c.games(), matrix(runs, e -> e.vsRandom().total().winOrDrawRate()), color);
            band(strong, arm, steps, matrix(runs, e -> e.vsStrong().total().winOrDrawRate()), color);
            int n = c.responseTokens().length;
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = i;
            line(length, arm + " (mean of " + runs.size() + " seeds)", x, c.responseTokens(), color, 2f);
        }
        for (XYChart target : new XYChart[] {bySteps, byGames}) {
            double[] x = target == bySteps ? new double[] {0, last(curves(arms.getFirst()).evalSteps())}
                    : new double[] {0, last(curves(arms.getFirst()).games())};
            var s = target.addSeries("target 0.9", x, new double[] {TARGET, TARGET});
            LearningCurves.style(s, Color.GRAY, 1f);
        }
        LearningCurves.stack(png, List.of(bySteps, byGames, strong, length));
    }

    private static XYChart chart(String title, String x, String y, int height) {
        XYChart c = new XYChartBuilder().width(900).height(height).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(1.0);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(true);
        return c;
    }

    private static void band(XYChart chart, String name, double[] x, double[][] values, Color color) {
        int n = x.length;
        double[] low = new double[n], high = new double[n], mean = CurveStats.mean(values);
        for (int i = 0; i < n; i++) {
            low[i] = Double.POSITIVE_INFINITY;
            high[i] = Double.NEGATIVE_INFINITY;
            for (double[] seed : values) {
                low[i] = Math.min(low[i], seed[i]);
                high[i] = Math.max(high[i], seed[i]);
            }
        }
        Color light = new Color(color.getRed(), color.getGreen(), color.getBlue(), 90);
        line(chart, name + " min", x, low, light, 1f).setShowInLegend(false);
        line(chart, name + " max", x, high, light, 1f).setShowInLegend(false);
        line(chart, name + " (mean of " + values.length + " seeds, band = range)", x, mean, color, 2.5f);
    }

    private static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color, float width) {
        XYSeries s = chart.addSeries(name, x, y);
        LearningCurves.style(s, color, width);
        return s;
    }


    private static double last(double[] xs) { return xs[xs.length - 1]; }

    private static int last(int[] xs) { return xs[xs.length - 1]; }

    private static String rate(MatchResult m, String which) {
        int count = switch (which) {
            case "win" -> m.wins();
            case "draw" -> m.draws();
            case "loss" -> m.losses();
            default -> m.wins() + m.draws();
        };
        var i = ai.lyceum.eval.WilsonInterval.of(count, m.games());
        return String.format(Locale.ROOT, "%.3f [%.2f, %.2f]", m.games() == 0 ? Double.NaN : (double) count / m.games(), i.low(), i.high());
    }

    private String markdown() {
        var md = new StringBuilder("# Self-play: RAE vs one shared baseline vs no baseline\n\n");
        md.append(setting).append("\n\n");
        var w = result.warmStart().evaluation();
        md.append(String.format(Locale.ROOT, "**Warm start.** The tiny model cannot play before it knows the answer format, so a"
                        + " supervised warm start (%.1f s, final loss %.3f) teaches it to answer `\\boxed{n}` with a legal cell chosen"
                        + " at random. Untrained level (greedy, both seats, %d games per opponent): win+draw %s against the random"
                        + " player, %s against %s; invalid moves %d.%n%n",
                result.warmStart().seconds(), result.warmStart().finalLoss(), w.vsRandom().total().games(),
                rate(w.vsRandom().total(), "wd"), rate(w.vsStrong().total(), "wd"), shortStrong(), w.vsRandom().total().invalidMoves()));
        md.append("## Final evaluation (last step, seeds pooled; 95% Wilson intervals)\n\n");
        md.append("| arm | vs random: win | draw | loss | win+draw | invalid | vs ").append(shortStrong())
                .append(": win | draw | loss | win+draw | steps to 0.9 | games to 0.9 |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (String arm : arms) {
            var c = curves(arm);
            var r = c.finalVsRandom();
            var s = c.finalVsStrong();
            md.append("| ").append(arm).append(" | ").append(rate(r, "win")).append(" | ").append(rate(r, "draw")).append(" | ")
                    .append(rate(r, "loss")).append(" | ").append(rate(r, "wd")).append(" | ").append(r.invalidMoves()).append(" | ")
                    .append(rate(s, "win")).append(" | ").append(rate(s, "draw")).append(" | ").append(rate(s, "loss")).append(" | ")
                    .append(rate(s, "wd")).append(" | ").append(c.stepsToTarget() < 0 ? "not reached" : c.stepsToTarget())
                    .append(" | ").append(Double.isNaN(c.gamesToTarget()) ? "not reached" : String.format(Locale.ROOT, "%.0f", c.gamesToTarget()))
                    .append(" |\n");
        }
        md.append("\n## By seat (last step, seeds pooled)\n\n| arm | vs random as player 0 ('O', first): win+draw | as player 1 ('X'): win+draw |"
                + " vs ").append(shortStrong()).append(" as player 0 | as player 1 |\n|---|---|---|---|---|\n");
        for (String arm : arms) {
            var runs = runs(arm);
            md.append("| ").append(arm).append(" | ").append(rate(pooled(runs, e -> e.vsRandom().asPlayer0()), "wd")).append(" | ")
                    .append(rate(pooled(runs, e -> e.vsRandom().asPlayer1()), "wd")).append(" | ")
                    .append(rate(pooled(runs, e -> e.vsStrong().asPlayer0()), "wd")).append(" | ")
                    .append(rate(pooled(runs, e -> e.vsStrong().asPlayer1()), "wd")).append(" |\n");
        }
        md.append("\n## Curves (mean over seeds)\n\n| arm | step | games sampled | win+draw vs random | win+draw vs ").append(shortStrong()).append(" |\n|---|---|---|---|---|\n");
        for (String arm : arms) {
            var c = curves(arm);
            for (int i = 0; i < c.evalSteps().length; i++) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.3f | %.3f |%n", arm, c.evalSteps()[i], c.games()[i],
                        c.winOrDrawVsRandom()[i], c.winOrDrawVsStrong()[i]));
            }
        }
        md.append("\n## Response length\n\n| arm | tokens per answer, first step | last step |\n|---|---|---|\n");
        for (String arm : arms) {
            var t = curves(arm).responseTokens();
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f |%n", arm, t[0], last(t)));
        }
        md.append("\n![curves](").append(PLOT).append(")\n\n## Verdict\n\n").append(verdictText()).append('\n');
        md.append(String.format(Locale.ROOT, "%nWall time %.0f s, %s.%n", result.wallSeconds(), perStep()));
        return md.toString();
    }

    private String perStep() {
        double seconds = 0;
        int steps = 0;
        for (var run : result.runs()) {
            for (var s : run.steps()) {
                seconds += s.seconds();
                steps++;
            }
        }
        return String.format(Locale.ROOT, "%.2f s per RL step on one libtorch thread, evaluations excluded", steps == 0 ? 0 : seconds / steps);
    }

    private String verdictText() {
        var out = new StringBuilder();
        double start = result.warmStart().evaluation().vsRandom().total().winOrDrawRate();
        if (arms.contains("rae")) {
            var rae = curves("rae");
            double end = rae.finalVsRandom().winOrDrawRate();
            out.append(String.format(Locale.ROOT, "- **Target (win+draw vs random from the untrained level to ≥ 0.9):** %s. RAE goes from"
                            + " %.3f to %s%s.%n", end >= TARGET ? "met" : "missed", start, rate(rae.finalVsRandom(), "wd"),
                    rae.stepsToTarget() < 0 ? "" : String.format(Locale.ROOT, "; its seed mean first reaches 0.9 at step %d (%.0f games)",
                            rae.stepsToTarget(), rae.gamesToTarget())));
        }
        out.append("- **Ablation, per step and per game sampled:** every arm plays the same number of games per step, so the two axes"
                + " rank the arms alike. Mean win+draw vs random over training (area under the curve / steps):");
        for (String arm : arms) {
            var c = curves(arm);
            out.append(String.format(Locale.ROOT, " %s %.3f (end %.3f)", arm, CurveStats.normalisedArea(c.evalSteps(), c.winOrDrawVsRandom()),
                    c.finalVsRandom().winOrDrawRate()));
        }
        out.append(". ");
        if (arms.contains("rae") && arms.size() > 1) {
            var rae = curves("rae").finalVsRandom();
            boolean better = true, overlaps = false;
            for (String arm : arms) {
                if (arm.equals("rae")) continue;
                var o = curves(arm).finalVsRandom();
                if (o.winOrDrawRate() >= rae.winOrDrawRate()) better = false;
                if (o.winOrDrawInterval().high() >= rae.winOrDrawInterval().low()) overlaps = true;
            }
            out.append(better ? (overlaps ? "RAE ends highest, but its interval overlaps another arm's: not a clear win at this scale."
                    : "RAE ends highest with intervals apart from the other arms'.")
                    : "RAE does not end above every other arm: at this scale the ablation does not show what the paper reports.");
        }
        out.append("\n- **Response length:** the paper's collapse (answers shrinking, reasoning stopping) needs a model that reasons;"
                + " the tiny model answers `\\boxed{n}` with no reasoning, so length can only show format drift here:");
        for (String arm : arms) {
            var t = curves(arm).responseTokens();
            out.append(String.format(Locale.ROOT, " %s %.2f → %.2f", arm, t[0], last(t)));
        }
        out.append(" tokens per answer.");
        return out.toString();
    }
}
