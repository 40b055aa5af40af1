package ai.lyceum.bench.researchrubrics;

import ai.lyceum.eval.EvalSummary;
import ai.lyceum.reward.rubric.Grading;
import ai.lyceum.reward.rubric.RrTask;
import ai.lyceum.reward.rubric.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * ResearchRubrics scores from per-item verdicts. Compliance of a report is Σ wᵢsᵢ / Σ_{wᵢ>0} wᵢ, unclipped:
 * penalty items (w &lt; 0, "Satisfied" meaning the bad behaviour is present) enter only the numerator, so a report
 * can score below 0. Per axis, the same formula over that axis's items, undefined (not 0) when the axis has no
 * positive-weight item. The benchmark score is the mean over reports, with a 95% percentile bootstrap interval
 * (1,000 resamples of reports). Breakdowns are means of report compliance by domain and by each complexity level.
 *
 * <p>A failed item (missing report, judge failure) scores 0 and stays in the denominator by default
 * ({@link OnFailure#ZERO}), or leaves both sums ({@link OnFailure#EXCLUDE}); failed items are counted either way.
 */
public final class RrScores {
    public enum OnFailure {
        ZERO, EXCLUDE;

        public static OnFailure parse(String name) {
            return switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "zero" -> ZERO;
                case "exclude" -> EXCLUDE;
                default -> throw new IllegalArgumentException("--on-failure must be zero or exclude, was '" + name + "'");
            };
        }
    }

    /** The three complexity fields of a task, in the order reports show them. */
    public static final List<String> COMPLEXITY = List.of("conceptual_breadth", "logical_nesting", "exploration");

    /**
     * @param compliance empty when no scored item has a positive weight (only possible under EXCLUDE or with a
     *                   rubric of penalties only)
     * @param axes       per-axis compliance; an axis with no positive-weight item maps to empty
     */
    public record ReportScore(RrTask task, Optional<Double> compliance, int items, int failedItems,
                              Map<String, Optional<Double>> axes, List<RrVerdict> verdicts) {}

    /** A mean over reports; {@code mean} empty when {@code n} is 0. */
    public record Mean(int n, Optional<Double> mean) {}

    /** One item that cost its report points: {@code lost} is the compliance it took away. */
    public record Loss(RrTask task, RrVerdict verdict, double lost) {}

    public record Summary(Grading grading, OnFailure onFailure, List<ReportScore> reports, Mean compliance,
                          EvalSummary.Interval ci95, Map<String, Mean> perAxis, Map<String, Mean> perDomain,
                          Map<String, Map<String, Mean>> perComplexity, int items, int failedItems,
                          Map<String, Integer> failuresByType, Map<String, Mean> notSatisfiedShareByAxis,
                          List<Loss> worst) {}

    private RrScores() {}

    /** @param verdicts per task, one verdict per criterion in rubric order */
    public static Summary summarize(List<RrTask> tasks, Map<String, List<RrVerdict>> verdicts, Grading grading,
                                    OnFailure onFailure, long seed) {
        var reports = new ArrayList<ReportScore>();
        var failuresByType = new TreeMap<String, Integer>();
        var losses = new ArrayList<Loss>();
        var notSatisfied = new TreeMap<String, double[]>(); // axis → {not satisfied, judged}
        int items = 0;
        int failed = 0;
        for (var task : tasks) {
            var vs = verdicts.get(task.sampleId());
            if (vs == null || vs.size() != task.rubrics().size()) {
                throw new IllegalArgumentException("task " + task.sampleId() + " has " + (vs == null ? 0 : vs.size())
                        + " verdicts for " + task.rubrics().size() + " criteria");
            }
            double num = 0;
            double den = 0;
            int reportFailed = 0;
            var axisNum = new TreeMap<String, Double>();
            var axisDen = new TreeMap<String, Double>();
            for (var v : vs) {
                items++;
                var score = v.score(grading);
                if (score.isEmpty()) {
                    failed++;
                    reportFailed++;
                    failuresByType.merge(v.failure().orElseThrow().type(), 1, Integer::sum);
                    if (onFailure == OnFailure.EXCLUDE) continue;
                }
                double s = score.orElse(0.0);
                double w = v.weight();
                num += w * s;
                if (w > 0) den += w;
                axisNum.merge(v.axis(), w * s, Double::sum);
                axisDen.merge(v.axis(), w > 0 ? w : 0, Double::sum);
                if (w > 0 && score.isPresent()) {
                    var counts = notSatisfied.computeIfAbsent(v.axis(), a -> new double[2]);
                    if (v.verdict().get() == Verdict.NOT_SATISFIED) counts[0]++;
                    counts[1]++;
                }
            }
            var axes = new TreeMap<String, Optional<Double>>();
            axisDen.forEach((axis, d) -> axes.put(axis, d > 0 ? Optional.of(axisNum.get(axis) / d) : Optional.empty()));
            var compliance = den > 0 ? Optional.of(num / den) : Optional.<Double>empty();
            reports.add(new ReportScore(task, compliance, vs.size(), reportFailed, axes, vs));
            if (den > 0) {
                for (var v : vs) {
                    var score = v.score(grading);
                    if (score.isEmpty() && onFailure == OnFailure.EXCLUDE) continue;
                    double s = score.orElse(0.0);
                    double lost = v.weight() > 0 ? v.weight() * (1 - s) / den : -v.weight() * s / den;
                    if (lost > 0) losses.add(new Loss(task, v, lost));
                }
            }
        }
        var values = reports.stream().flatMap(r -> r.compliance().stream()).mapToDouble(Double::doubleValue).toArray();
        var ci = EvalSummary.bootstrap(values, new SplittableRandom(seed));

        var perAxis = new TreeMap<String, List<Double>>();
        var axisNames = new java.util.TreeSet<String>();
        for (var r : reports) {
            r.axes().forEach((axis, value) -> {
                axisNames.add(axis);
                value.ifPresent(x -> perAxis.computeIfAbsent(axis, a -> new ArrayList<>()).add(x));
            });
        }
        var axisMeans = new TreeMap<String, Mean>();
        for (var axis : axisNames) axisMeans.put(axis, mean(perAxis.getOrDefault(axis, List.of())));

        var byDomain = new TreeMap<String, List<Double>>();
        var byComplexity = new LinkedHashMap<String, Map<String, List<Double>>>();
        for (var field : COMPLEXITY) byComplexity.put(field, new TreeMap<>(RrScores::compareLevels));
        for (var r : reports) {
            if (r.compliance().isEmpty()) continue;
            double x = r.compliance().get();
            byDomain.computeIfAbsent(r.task().domain(), d -> new ArrayList<>()).add(x);
            byComplexity.get("conceptual_breadth").computeIfAbsent(r.task().conceptualBreadth(), l -> new ArrayList<>()).add(x);
            byComplexity.get("logical_nesting").computeIfAbsent(r.task().logicalNesting(), l -> new ArrayList<>()).add(x);
            byComplexity.get("exploration").computeIfAbsent(r.task().exploration(), l -> new ArrayList<>()).add(x);
        }
        var domainMeans = new TreeMap<String, Mean>();
        byDomain.forEach((d, xs) -> domainMeans.put(d, mean(xs)));
        var complexityMeans = new LinkedHashMap<String, Map<String, Mean>>();
        byComplexity.forEach((field, levels) -> {
            var m = new LinkedHashMap<String, Mean>();
            levels.forEach((level, xs) -> m.put(level, mean(xs)));
            complexityMeans.put(field, m);
        });
        var shares = new TreeMap<String, Mean>();
        notSatisfied.forEach((axis, c) -> shares.put(axis, new Mean((int) c[1], c[1] > 0 ? Optional.of(c[0] / c[1]) : Optional.empty())));
        losses.sort(Comparator.comparingDouble(Loss::lost).reversed()
                .thenComparing(l -> l.task().sampleId()).thenComparingInt(l -> l.verdict().index()));
        return new Summary(grading, onFailure, reports, mean(java.util.Arrays.stream(values).boxed().toList()), ci,
                axisMeans, domainMeans, complexityMeans, items, failed, failuresByType, shares,
                List.copyOf(losses.subList(0, Math.min(25, losses.size()))));
    }

    private static Mean mean(List<Double> xs) {
        if (xs.isEmpty()) return new Mean(0, Optional.empty());
        double sum = 0;
        for (double x : xs) sum += x;
        return new Mean(xs.size(), Optional.of(sum / xs.size()));
    }

    /**
     * Orders complexity levels, whose names differ between sources: Simple/Shallow/Low = 1,
     * Moderate/Intermediate/Medium = 2, Complex/High/Deep = 3; unknown levels after those, by name.
     */
    public static int level(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "simple", "shallow", "low" -> 1;
            case "moderate", "intermediate", "medium" -> 2;
            case "complex", "high", "deep" -> 3;
            default -> 99;
        };
    }

    static int compareLevels(String a, String b) {
        int c = Integer.compare(level(a), level(b));
        return c != 0 ? c : a.compareTo(b);
    }
}
