package ai.lyceum.reward.rubric;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A checklist in one weight convention. The compact constructor enforces the convention so that weights of two
 * conventions can never meet in one rubric: under {@code DATA_INTEGER} no item is inverted and pitfalls weigh ≤ 0;
 * under the others every weight is positive.
 */
public record Rubric(List<Criterion> criteria, RubricWeighting weighting) {
    public Rubric {
        criteria = List.copyOf(criteria);
        Objects.requireNonNull(weighting, "weighting");
        if (criteria.isEmpty()) throw new IllegalArgumentException("a rubric needs at least one criterion");
        for (int i = 0; i < criteria.size(); i++) {
            var c = criteria.get(i);
            var where = "criterion " + (i + 1) + " ('" + c.title() + "')";
            if (weighting == RubricWeighting.DATA_INTEGER) {
                if (c.inverted()) throw new IllegalArgumentException(where + " is inverted, which only converted rubrics may be");
                if (c.category() == Category.PITFALL && c.weight() > 0) {
                    throw new IllegalArgumentException(where + " is a pitfall with positive weight " + c.weight()
                            + " under DATA_INTEGER; pitfalls there describe the bad behaviour and weigh <= 0");
                }
            } else if (!(c.weight() > 0)) {
                throw new IllegalArgumentException(where + " has weight " + c.weight() + " under " + weighting + "; all weights must be positive");
            }
        }
    }

    public Rubric(List<Criterion> criteria) { this(criteria, RubricWeighting.DATA_INTEGER); }

    public int size() { return criteria.size(); }

    public Criterion get(int index) { return criteria.get(index); }

    /**
     * This rubric in {@code target}. From {@code DATA_INTEGER}: {@code CATEGORY_PAPER} weighs by category,
     * {@code UNIFORM} weighs 1; in both, pitfalls keep their negative phrasing and are inverted.
     *
     * @throws IllegalArgumentException for a conversion away from a derived convention, which cannot be undone
     */
    public Rubric reweighted(RubricWeighting target) {
        if (target == weighting) return this;
        if (weighting != RubricWeighting.DATA_INTEGER) {
            throw new IllegalArgumentException("cannot convert a " + weighting + " rubric to " + target
                    + "; only DATA_INTEGER rubrics convert");
        }
        var out = new ArrayList<Criterion>(criteria.size());
        for (var c : criteria) {
            double w = target == RubricWeighting.UNIFORM ? 1.0
                    : (c.pitfall() ? Category.PITFALL : c.category()).paperWeight();
            out.add(new Criterion(c.title(), c.description(), w, c.category(), c.axis(), c.check(), c.pitfall()));
        }
        return new Rubric(out, target);
    }

    /** Indices of the criteria a judge decides. */
    public List<Integer> judgedIndices() {
        var out = new ArrayList<Integer>();
        for (int i = 0; i < criteria.size(); i++) if (criteria.get(i).isJudged()) out.add(i);
        return out;
    }

    /** True when some pitfall counts through an inverted verdict (recorded in diagnostics and manifests). */
    public boolean invertsPitfalls() { return criteria.stream().anyMatch(Criterion::inverted); }
}
