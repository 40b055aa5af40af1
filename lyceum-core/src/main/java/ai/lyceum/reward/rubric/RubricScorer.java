package ai.lyceum.reward.rubric;

import ai.lyceum.failure.Failure;
import ai.lyceum.reward.RewardResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Scores one response against its rubric: programmatic checks run here, judged criteria go to the {@link Judge}
 * in one {@code grade} call (which judges them concurrently), and the {@link Aggregation} combines the verdicts.
 * Per-criterion verdicts land in the result's diagnostics under {@code verdicts}; a failed score keeps them too.
 *
 * <p>Thread-safe; many responses may be scored at once.
 */
public final class RubricScorer {
    private final Judge judge;
    private final Aggregation aggregation;
    private final RubricWeighting weighting;

    /** @param weighting the convention scores are computed in; input rubrics are converted to it */
    public RubricScorer(Judge judge, Aggregation aggregation, RubricWeighting weighting) {
        this.judge = Objects.requireNonNull(judge, "judge");
        this.aggregation = Objects.requireNonNull(aggregation, "aggregation");
        this.weighting = Objects.requireNonNull(weighting, "weighting");
    }

    public Judge judge() { return judge; }

    public Aggregation aggregation() { return aggregation; }

    public RubricWeighting weighting() { return weighting; }

    /** Scores one input; never throws for a bad reply or rubric: those are typed failures in the result. */
    public RewardResult score(JudgeInput input) throws InterruptedException {
        Rubric rubric;
        try {
            rubric = input.rubric().reweighted(weighting);
        } catch (IllegalArgumentException e) {
            return RewardResult.failed(new Failure.RewardError(e.getMessage()));
        }
        var in = input.withRubric(rubric);
        var base = new LinkedHashMap<String, Object>();
        base.put("aggregation", aggregation.name());
        base.put("weighting", weighting.name());
        if (rubric.invertsPitfalls()) base.put("pitfalls", "inverted_verdict");
        base.put("judge", judge.describe());
        return switch (aggregation) {
            case Aggregation.Explicit explicit -> explicit(in, explicit, base);
            case Aggregation.Implicit implicit -> rated(in, Judge.RatingKind.RUBRIC, implicit.scale(), base);
            case Aggregation.DirectLikert direct -> rated(in, Judge.RatingKind.DIRECT, direct.scale(), base);
            case Aggregation.ReferenceLikert ref -> in.reference().isEmpty()
                    ? RewardResult.failed(new Failure.RewardError("reference-likert needs a reference answer for " + in.id()))
                    : rated(in, Judge.RatingKind.REFERENCE, ref.scale(), base);
        };
    }

    private RewardResult explicit(JudgeInput in, Aggregation.Explicit how, Map<String, Object> diagnostics)
            throws InterruptedException {
        var rubric = in.rubric();
        var outcomes = new CriterionOutcome[rubric.size()];
        for (int i = 0; i < rubric.size(); i++) {
            if (rubric.get(i).check() instanceof Check.Programmatic p) outcomes[i] = p.evaluate(in.response());
        }
        var judged = rubric.judgedIndices();
        if (!judged.isEmpty()) {
            var graded = judge.grade(in, judged);
            if (graded.size() != judged.size()) {
                throw new IllegalStateException(judge.describe() + " returned " + graded.size() + " outcomes for "
                        + judged.size() + " criteria");
            }
            for (int k = 0; k < judged.size(); k++) outcomes[judged.get(k)] = graded.get(k);
        }

        double numerator = 0;
        double denominator = 0;
        int failed = 0;
        Optional<Failure> firstFailure = Optional.empty();
        var axisNum = new TreeMap<String, Double>();
        var axisDen = new TreeMap<String, Double>();
        var verdicts = new ArrayList<Map<String, Object>>(rubric.size());
        for (int i = 0; i < rubric.size(); i++) {
            var c = rubric.get(i);
            var entry = new LinkedHashMap<String, Object>();
            entry.put("criterion", i + 1);
            if (!c.title().isEmpty()) entry.put("title", c.title());
            entry.put("weight", c.weight());
            c.axis().ifPresent(a -> entry.put("axis", a));
            double value;
            switch (outcomes[i]) {
                case CriterionOutcome.Graded g -> {
                    double raw = g.verdict().value(how.grading());
                    value = c.inverted() ? 1 - raw : raw;
                    entry.put("verdict", g.verdict().wire());
                    entry.put("score", value);
                    entry.put("source", g.source());
                    g.details().forEach(entry::putIfAbsent);
                }
                case CriterionOutcome.Failed f -> {
                    failed++;
                    if (firstFailure.isEmpty()) firstFailure = Optional.of(f.failure());
                    entry.put("failure", f.failure().type());
                    entry.put("failure_detail", f.failure().detail());
                    if (how.onFailure() == Aggregation.OnFailure.DROP) {
                        verdicts.add(entry);
                        continue;
                    }
                    value = 0;
                }
            }
            verdicts.add(entry);
            numerator += c.weight() * value;
            if (c.weight() > 0) denominator += c.weight();
            if (c.axis().isPresent()) {
                axisNum.merge(c.axis().get(), c.weight() * value, Double::sum);
                axisDen.merge(c.axis().get(), c.weight() > 0 ? c.weight() : 0, Double::sum);
            }
        }
        diagnostics.put("grading", how.grading().name());
        diagnostics.put("verdicts", verdicts);
        diagnostics.put("failed_criteria", failed);
        if (failed > 0 && how.onFailure() == Aggregation.OnFailure.FAIL) {
            return new RewardResult(0, Map.of(), diagnostics, firstFailure);
        }
        diagnostics.put("partial", failed > 0 && how.onFailure() == Aggregation.OnFailure.DROP);
        if (!(denominator > 0)) {
            return new RewardResult(0, Map.of(), diagnostics, Optional.of(new Failure.RewardError(
                    "score undefined: no scored criterion has a positive weight (" + in.id() + ")")));
        }
        double unclipped = numerator / denominator;
        double value = how.clip() ? Math.max(0, Math.min(1, unclipped)) : unclipped;
        var components = new TreeMap<String, Double>();
        components.put("unclipped", unclipped);
        // A per-axis score exists only where the axis has positive weight (ResearchRubrics/EvalScope rule).
        axisDen.forEach((axis, den) -> {
            if (den > 0) components.put("axis:" + axis, axisNum.get(axis) / den);
        });
        diagnostics.put("unclipped", unclipped);
        return new RewardResult(value, components, diagnostics, Optional.empty());
    }

    private RewardResult rated(JudgeInput in, Judge.RatingKind kind, Aggregation.RatingScale scale,
                               Map<String, Object> diagnostics) throws InterruptedException {
        diagnostics.put("rating_scale", scale.name());
        return switch (judge.rate(in, kind)) {
            case RatingOutcome.Rated r -> {
                diagnostics.put("rating", r.rating());
                diagnostics.put("rating_source", r.source());
                r.details().forEach(diagnostics::putIfAbsent);
                yield new RewardResult(scale.normalise(r.rating()), Map.of(), diagnostics, Optional.empty());
            }
            case RatingOutcome.Failed f -> new RewardResult(0, Map.of(), diagnostics, Optional.of(f.failure()));
        };
    }
}
