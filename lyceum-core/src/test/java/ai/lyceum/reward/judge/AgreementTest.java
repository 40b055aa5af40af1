package ai.lyceum.reward.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.lyceum.reward.rubric.Criterion;
import ai.lyceum.reward.rubric.CriterionOutcome;
import ai.lyceum.reward.rubric.JudgeInput;
import ai.lyceum.reward.rubric.Rubric;
import ai.lyceum.reward.rubric.Verdict;
import ai.lyceum.task.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgreementTest {
    /** Krippendorff's worked example (3 coders, 15 units, values 1–4, gaps), as on Wikipedia. */
    static List<double[]> wikipediaExample() {
        double n = Double.NaN;
        double[][] coders = {
                {n, n, n, n, n, 3, 4, 1, 2, 1, 1, 3, 3, n, 3},
                {1, n, 2, 1, 3, 3, 4, 3, n, n, n, n, n, n, n},
                {n, n, 2, 1, 3, 4, 4, n, 2, 1, 1, 3, 3, n, 4}};
        var units = new ArrayList<double[]>();
        for (int u = 0; u < 15; u++) units.add(new double[] {coders[0][u], coders[1][u], coders[2][u]});
        return units;
    }

    @Test
    void reproducesThePublishedExample() {
        assertThat(Agreement.krippendorffAlpha(wikipediaExample(), Agreement.Metric.NOMINAL).getAsDouble()).isCloseTo(0.691, within(5e-4));
        assertThat(Agreement.krippendorffAlpha(wikipediaExample(), Agreement.Metric.INTERVAL).getAsDouble()).isCloseTo(0.811, within(5e-4));
    }

    @Test
    void perfectAgreementIsOneAndNoVariationIsUndefined() {
        var perfect = List.of(new double[] {0, 0}, new double[] {1, 1}, new double[] {2, 2});
        assertThat(Agreement.krippendorffAlpha(perfect, Agreement.Metric.ORDINAL).getAsDouble()).isEqualTo(1.0);
        assertThat(Agreement.krippendorffAlpha(List.of(new double[] {1, 1}, new double[] {1, 1}), Agreement.Metric.NOMINAL)).isEmpty();
    }

    @Test
    void anEnsembleTakesTheLowerMedianAndReportsDisagreements() throws Exception {
        var a = new FixedVerdicts("a", Verdict.SATISFIED, Verdict.SATISFIED);
        var b = new FixedVerdicts("b", Verdict.SATISFIED, Verdict.NOT_SATISFIED);
        var c = new FixedVerdicts("c", Verdict.SATISFIED, Verdict.PARTIALLY_SATISFIED);
        var ensemble = new EnsembleJudge(List.of(a, b, c));
        var rubric = new Rubric(List.of(Criterion.judged("", "x", 1), Criterion.judged("", "y", 1)));
        var input = new JudgeInput("id-1", List.of(Message.user("q")), "r", rubric, Optional.empty(), Map.of());
        var outcomes = ensemble.grade(input, List.of(0, 1));
        var first = (CriterionOutcome.Graded) outcomes.get(0);
        var second = (CriterionOutcome.Graded) outcomes.get(1);
        assertThat(first.verdict()).isEqualTo(Verdict.SATISFIED);
        assertThat(first.details()).containsEntry("agree", true);
        assertThat(second.verdict()).isEqualTo(Verdict.PARTIALLY_SATISFIED);
        assertThat(second.details()).containsEntry("agree", false)
                .containsEntry("judges", List.of("satisfied", "not_satisfied", "partially_satisfied"));
        var report = ensemble.agreement();
        assertThat(report.units()).isEqualTo(2);
        assertThat(report.disagreementCount()).isEqualTo(1);
        assertThat(report.disagreements().getFirst().id()).isEqualTo("id-1");
        assertThat(report.disagreements().getFirst().criterion()).isEqualTo(2);
        assertThat(report.alphaNominal()).isPresent();
    }

    /** A judge with one fixed verdict per criterion. */
    record FixedVerdicts(String name, Verdict... verdicts) implements ai.lyceum.reward.rubric.Judge {
        @Override
        public String describe() { return name; }

        @Override
        public List<CriterionOutcome> grade(JudgeInput input, List<Integer> criteria) {
            return criteria.stream().<CriterionOutcome>map(i -> new CriterionOutcome.Graded(verdicts[i], name, Map.of())).toList();
        }

        @Override
        public ai.lyceum.reward.rubric.RatingOutcome rate(JudgeInput input, RatingKind kind) {
            return new ai.lyceum.reward.rubric.RatingOutcome.Rated(5, name, Map.of());
        }
    }
}
