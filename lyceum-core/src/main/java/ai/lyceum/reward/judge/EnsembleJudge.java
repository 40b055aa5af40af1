package ai.lyceum.reward.judge;

import ai.lyceum.reward.rubric.CriterionOutcome;
import ai.lyceum.reward.rubric.Judge;
import ai.lyceum.reward.rubric.JudgeInput;
import ai.lyceum.reward.rubric.RatingOutcome;
import ai.lyceum.reward.rubric.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Several judges asked at once; each criterion gets the lower median of the members' verdicts (ordered
 * not &lt; partially &lt; satisfied; the lower median is the conservative choice when the count is even), each rating
 * the lower median of the ratings. Members that failed are left out; if all failed, the first failure stands.
 *
 * <p>Every criterion's diagnostics list the members' verdicts under {@code judges} and whether they
 * {@code agree}; {@link #agreement()} reports Krippendorff's α over everything judged so far and the criteria the
 * members disagreed on.
 */
public final class EnsembleJudge implements Judge {
    private static final int MAX_REPORTED = 200;

    private final List<Judge> members;
    private final Agreement verdictAgreement = new Agreement();
    private final Agreement ratingAgreement = new Agreement();
    private final AtomicInteger units = new AtomicInteger();
    private final AtomicInteger disagreementCount = new AtomicInteger();
    private final ConcurrentLinkedQueue<Unit> disagreements = new ConcurrentLinkedQueue<>();

    public EnsembleJudge(List<Judge> members) {
        if (members.size() < 2) throw new IllegalArgumentException("an ensemble needs at least 2 judges, got " + members.size());
        this.members = List.copyOf(members);
    }

    /** One judged criterion: its place and each member's ordinal verdict (NaN where the member failed). */
    public record Unit(String id, int criterion, List<String> verdicts, double[] ordinals) {}

    /**
     * @param alphaNominal  α over verdicts as categories
     * @param alphaOrdinal  α over verdicts ordered not &lt; partially &lt; satisfied
     * @param alphaRatings  α (interval) over 1–10 ratings
     * @param disagreements criteria the members disagreed on (the first {@value #MAX_REPORTED})
     */
    public record Report(int units, OptionalDouble alphaNominal, OptionalDouble alphaOrdinal, OptionalDouble alphaRatings,
                         int disagreementCount, List<Unit> disagreements) {}

    @Override
    public String describe() {
        return "ensemble[" + members.stream().map(Judge::describe).collect(Collectors.joining(", ")) + "]";
    }

    @Override
    public List<CriterionOutcome> grade(JudgeInput input, List<Integer> criteria) throws InterruptedException {
        var perMember = all(m -> m.grade(input, criteria));
        var out = new ArrayList<CriterionOutcome>(criteria.size());
        for (int k = 0; k < criteria.size(); k++) {
            var names = new ArrayList<String>();
            var ordinals = new double[members.size()];
            var graded = new ArrayList<Integer>();
            CriterionOutcome firstFailure = null;
            for (int m = 0; m < members.size(); m++) {
                var outcome = perMember.get(m).get(k);
                if (outcome instanceof CriterionOutcome.Graded g) {
                    names.add(g.verdict().wire());
                    ordinals[m] = g.verdict() == Verdict.SATISFIED ? 2 : g.verdict() == Verdict.PARTIALLY_SATISFIED ? 1 : 0;
                    graded.add((int) ordinals[m]);
                } else {
                    var f = (CriterionOutcome.Failed) outcome;
                    names.add("failure:" + f.failure().type());
                    ordinals[m] = Double.NaN;
                    if (firstFailure == null) firstFailure = outcome;
                }
            }
            record(new Unit(input.id(), criteria.get(k) + 1, names, ordinals));
            if (graded.isEmpty()) {
                out.add(firstFailure);
                continue;
            }
            int median = lowerMedian(graded);
            var verdict = median == 2 ? Verdict.SATISFIED : median == 1 ? Verdict.PARTIALLY_SATISFIED : Verdict.NOT_SATISFIED;
            var details = new LinkedHashMap<String, Object>();
            details.put("judges", names);
            details.put("agree", graded.stream().distinct().count() == 1 && graded.size() == members.size());
            out.add(new CriterionOutcome.Graded(verdict, "ensemble", details));
        }
        return out;
    }

    @Override
    public RatingOutcome rate(JudgeInput input, RatingKind kind) throws InterruptedException {
        var perMember = all(m -> List.of(m.rate(input, kind)));
        var ratings = new ArrayList<Integer>();
        var values = new double[members.size()];
        var names = new ArrayList<Object>();
        RatingOutcome firstFailure = null;
        for (int m = 0; m < members.size(); m++) {
            var outcome = perMember.get(m).getFirst();
            if (outcome instanceof RatingOutcome.Rated r) {
                ratings.add(r.rating());
                values[m] = r.rating();
                names.add(r.rating());
            } else {
                values[m] = Double.NaN;
                names.add("failure:" + ((RatingOutcome.Failed) outcome).failure().type());
                if (firstFailure == null) firstFailure = outcome;
            }
        }
        ratingAgreement.add(values);
        if (ratings.isEmpty()) return firstFailure;
        return new RatingOutcome.Rated(lowerMedian(ratings), "ensemble", Map.of("judges", names));
    }

    /** Agreement over everything this ensemble judged so far. */
    public Report agreement() {
        return new Report(units.get(), verdictAgreement.alpha(Agreement.Metric.NOMINAL),
                verdictAgreement.alpha(Agreement.Metric.ORDINAL), ratingAgreement.alpha(Agreement.Metric.INTERVAL),
                disagreementCount.get(), List.copyOf(disagreements));
    }

    private void record(Unit unit) {
        units.incrementAndGet();
        verdictAgreement.add(unit.ordinals());
        if (Arrays.stream(unit.ordinals()).filter(v -> !Double.isNaN(v)).distinct().count() > 1) {
            // Keep the first few for a person to read; the count and α cover them all.
            if (disagreementCount.incrementAndGet() <= MAX_REPORTED) disagreements.add(unit);
        }
    }

    @Override
    public Map<String, Long> counters() {
        var out = new TreeMap<String, Long>();
        for (int m = 0; m < members.size(); m++) {
            int member = m;
            members.get(m).counters().forEach((k, v) -> out.put("judge" + member + "." + k, v));
        }
        return out;
    }

    @Override
    public void close() { members.forEach(Judge::close); }

    private interface Ask<T> { List<T> apply(Judge judge) throws InterruptedException; }

    private <T> List<List<T>> all(Ask<T> ask) throws InterruptedException {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<List<T>>>();
            for (var m : members) futures.add(executor.submit(() -> ask.apply(m)));
            var out = new ArrayList<List<T>>();
            for (var f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("ensemble member crashed: " + e.getCause(), e.getCause());
                }
            }
            return out;
        }
    }

    private static int lowerMedian(List<Integer> values) {
        var sorted = values.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }
}
