package ai.lyceum.reward.rubric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.lyceum.failure.Failure;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.task.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RubricScorerTest {
    /** A judge that hands out fixed verdicts and a fixed rating; the replay judge lives in another package. */
    static class FixedJudge implements Judge {
        private final List<Object> verdicts;
        private final int rating;

        FixedJudge(List<Object> verdicts, int rating) {
            this.verdicts = verdicts;
            this.rating = rating;
        }

        @Override
        public String describe() { return "fixed"; }

        @Override
        public List<CriterionOutcome> grade(JudgeInput input, List<Integer> criteria) {
            var out = new ArrayList<CriterionOutcome>();
            for (int i : criteria) {
                out.add(verdicts.get(i) instanceof Verdict v
                        ? new CriterionOutcome.Graded(v, "fixed", Map.of("explanation", "because " + i))
                        : new CriterionOutcome.Failed((Failure) verdicts.get(i)));
            }
            return out;
        }

        @Override
        public RatingOutcome rate(JudgeInput input, RatingKind kind) {
            return new RatingOutcome.Rated(rating, "fixed", Map.of("kind", kind.name()));
        }
    }

    static final Verdict S = Verdict.SATISFIED;
    static final Verdict P = Verdict.PARTIALLY_SATISFIED;
    static final Verdict N = Verdict.NOT_SATISFIED;

    static Rubric rubric(double... weights) {
        var out = new ArrayList<Criterion>();
        for (int i = 0; i < weights.length; i++) out.add(Criterion.judged("c" + i, "criterion " + i, weights[i]));
        return new Rubric(out);
    }

    static JudgeInput input(Rubric rubric) {
        return new JudgeInput("t1", List.of(Message.user("q?")), "the response", rubric, Optional.of("ref"), Map.of());
    }

    static RewardResult score(Rubric rubric, Aggregation aggregation, RubricWeighting weighting, Object... verdicts)
            throws InterruptedException {
        return new RubricScorer(new FixedJudge(List.of(verdicts), 7), aggregation, weighting).score(input(rubric));
    }

    @Test
    void explicitTernaryCountsPartialAsHalfAndSubtractsAPresentPitfall() throws Exception {
        var r = score(rubric(5, 3, 1, -2), Aggregation.explicit(Grading.TERNARY), RubricWeighting.DATA_INTEGER, S, P, N, S);
        assertThat(r.failure()).isEmpty();
        assertThat(r.value()).isEqualTo((5 + 1.5 + 0 - 2) / 9.0);
    }

    @Test
    void explicitBinaryCountsPartialAsZero() throws Exception {
        var r = score(rubric(5, 3, 1, -2), Aggregation.explicit(Grading.BINARY), RubricWeighting.DATA_INTEGER, S, P, N, S);
        assertThat(r.value()).isEqualTo(3 / 9.0);
    }

    @Test
    void explicitIsNotClippedUnlessAsked() throws Exception {
        var unclipped = score(rubric(2, -5), Aggregation.explicit(Grading.BINARY), RubricWeighting.DATA_INTEGER, N, S);
        assertThat(unclipped.value()).isEqualTo(-2.5);
        var clipped = score(rubric(2, -5), Aggregation.healthBench(), RubricWeighting.DATA_INTEGER, N, S);
        assertThat(clipped.value()).isEqualTo(0.0);
        assertThat(clipped.components()).containsEntry("unclipped", -2.5);
    }

    @Test
    void anAllPitfallRubricHasNoScoreUnderTheDataConvention() throws Exception {
        var r = score(rubric(-1, -2), Aggregation.explicit(Grading.BINARY), RubricWeighting.DATA_INTEGER, N, N);
        assertThat(r.failure()).containsInstanceOf(Failure.RewardError.class);
        assertThat(r.failure().get().detail()).contains("undefined");
        assertThat(r.diagnostics()).containsKey("verdicts");
    }

    @Test
    void anAllPitfallRubricScoresAvoidedPitfallsUnderThePaperConvention() throws Exception {
        // Pitfall 1 present (satisfied → 0 after inversion), pitfall 2 absent (→ 1): 0.9 / 1.8.
        var r = score(rubric(-1, -2), Aggregation.explicit(Grading.BINARY), RubricWeighting.CATEGORY_PAPER, S, N);
        assertThat(r.failure()).isEmpty();
        assertThat(r.value()).isEqualTo(0.5);
        assertThat(r.diagnostics()).containsEntry("pitfalls", "inverted_verdict").containsEntry("weighting", "CATEGORY_PAPER");
    }

    @Test
    void thePaperConventionWeighsByCategory() throws Exception {
        var rubric = new Rubric(List.of(
                Criterion.judged("a", "Essential Criteria: states the dose", 5),
                Criterion.judged("b", "Important Criteria: explains why", 4),
                Criterion.judged("c", "Optional Criteria: is concise", 1),
                Criterion.judged("d", "Pitfall Criteria: Does not mention risks", -2)));
        var r = score(rubric, Aggregation.explicit(Grading.TERNARY), RubricWeighting.CATEGORY_PAPER, S, P, N, N);
        assertThat(r.value()).isCloseTo((1.0 + 0.35 + 0 + 0.9) / (1.0 + 0.7 + 0.3 + 0.9), within(1e-12));
        var uniform = score(rubric, Aggregation.explicit(Grading.TERNARY), RubricWeighting.UNIFORM, S, P, N, N);
        assertThat(uniform.value()).isEqualTo(2.5 / 4);
    }

    @Test
    void aDerivedConventionCannotGoBackToTheData() {
        var paper = rubric(5, -1).reweighted(RubricWeighting.CATEGORY_PAPER);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> paper.reweighted(RubricWeighting.DATA_INTEGER))
                .hasMessageContaining("only DATA_INTEGER rubrics convert");
    }

    @Test
    void aJudgeFailureFailsTheScoreByDefaultAndKeepsTheVerdicts() throws Exception {
        var r = score(rubric(1, 1), Aggregation.explicit(Grading.BINARY), RubricWeighting.DATA_INTEGER,
                S, new Failure.Unparseable("garbage"));
        assertThat(r.failure()).containsInstanceOf(Failure.Unparseable.class);
        @SuppressWarnings("unchecked")
        var verdicts = (List<Map<String, Object>>) r.diagnostics().get("verdicts");
        assertThat(verdicts.get(0)).containsEntry("verdict", "satisfied").containsEntry("explanation", "because 0");
        assertThat(verdicts.get(1)).containsEntry("failure", "parse");
    }

    @Test
    void dropLeavesAFailedItemOutOfBothSumsAndFlagsPartial() throws Exception {
        var how = new Aggregation.Explicit(Grading.BINARY, false, Aggregation.OnFailure.DROP);
        var r = score(rubric(3, 1), how, RubricWeighting.DATA_INTEGER, new Failure.Timeout(java.time.Duration.ofSeconds(1)), S);
        assertThat(r.value()).isEqualTo(1.0);
        assertThat(r.diagnostics()).containsEntry("partial", true).containsEntry("failed_criteria", 1);
        var zero = new Aggregation.Explicit(Grading.BINARY, false, Aggregation.OnFailure.ZERO);
        assertThat(score(rubric(3, 1), zero, RubricWeighting.DATA_INTEGER, new Failure.Timeout(java.time.Duration.ofSeconds(1)), S).value())
                .isEqualTo(0.25);
    }

    @Test
    void implicitNormalisesTheRatingAsConfigured() throws Exception {
        var rubric = rubric(1, 1);
        assertThat(score(rubric, new Aggregation.Implicit(Aggregation.RatingScale.MINUS_ONE_OVER_NINE),
                RubricWeighting.DATA_INTEGER).value()).isEqualTo(6 / 9.0);
        var over10 = score(rubric, new Aggregation.Implicit(Aggregation.RatingScale.OVER_TEN), RubricWeighting.DATA_INTEGER);
        assertThat(over10.value()).isEqualTo(0.7);
        assertThat(over10.diagnostics()).containsEntry("rating", 7).containsEntry("kind", "RUBRIC");
    }

    @Test
    void likertBaselinesAskForTheirKindAndReferenceLikertNeedsAReference() throws Exception {
        var scorer = new RubricScorer(new FixedJudge(List.of(), 10), Aggregation.parse("reference-likert", Grading.BINARY, false),
                RubricWeighting.DATA_INTEGER);
        assertThat(scorer.score(input(rubric(1))).value()).isEqualTo(1.0);
        var noReference = new JudgeInput("t", List.of(Message.user("q")), "r", rubric(1), Optional.empty(), Map.of());
        assertThat(scorer.score(noReference).failure()).containsInstanceOf(Failure.RewardError.class);
        var direct = new RubricScorer(new FixedJudge(List.of(), 1), Aggregation.parse("direct-likert", Grading.BINARY, false),
                RubricWeighting.DATA_INTEGER).score(noReference);
        assertThat(direct.value()).isEqualTo(0.0);
        assertThat(direct.diagnostics()).containsEntry("kind", "DIRECT");
    }

    @Test
    void perAxisScoresExistOnlyForAxesWithPositiveWeight() throws Exception {
        var rubric = new Rubric(List.of(
                Criterion.judged("a", "x", 4).withAxis("accuracy"),
                Criterion.judged("b", "y", 2).withAxis("accuracy"),
                Criterion.judged("c", "z", -3).withAxis("communication")));
        var r = score(rubric, Aggregation.explicit(Grading.BINARY), RubricWeighting.DATA_INTEGER, S, N, S);
        assertThat(r.components()).containsEntry("axis:accuracy", 4 / 6.0).doesNotContainKey("axis:communication");
        assertThat(r.value()).isEqualTo(1 / 6.0);
    }
}
