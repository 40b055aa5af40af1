package ai.lyceum.bench.researchrubrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.reward.rubric.Grading;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Macro-F1 per task (scikit-learn's convention), Cohen's κ and the confusion matrix, worked by hand. */
class RrAgreementTest {
    @TempDir
    Path dir;

    @Test
    void figuresMatchTheHandComputation() throws Exception {
        // Task A: human S, S, NS, PS; judge S, NS, NS, PS. Task B: both S, S.
        Files.writeString(dir.resolve("human.jsonl"), """
                {"sample_id": "A", "criterion": 1, "verdict": "Satisfied"}
                {"sample_id": "A", "criterion": 2, "verdict": "Satisfied"}
                {"sample_id": "A", "criterion": 3, "verdict": "Not Satisfied"}
                {"sample_id": "A", "criterion": 4, "verdict": "Partially Satisfied"}
                {"sample_id": "B", "criterion": "First point.", "verdict": "Satisfied"}
                {"sample_id": "B", "criterion": "Second point.", "verdict": "Satisfied"}
                {"sample_id": "C", "criterion": 1, "verdict": "Satisfied"}
                """);
        Files.writeString(dir.resolve("judge.jsonl"), """
                {"sample_id": "A", "criterion_index": 1, "rubric_title": "a1", "verdict": "Satisfied", "success": true}
                {"sample_id": "A", "criterion_index": 2, "rubric_title": "a2", "verdict": "Not Satisfied", "success": true}
                {"sample_id": "A", "criterion_index": 3, "rubric_title": "a3", "verdict": "Not Satisfied", "success": true}
                {"sample_id": "A", "criterion_index": 4, "rubric_title": "a4", "verdict": "Partially Satisfied", "success": true}
                {"sample_id": "B", "criterion_index": 1, "rubric_title": "First point.", "verdict": "Satisfied", "success": true}
                {"sample_id": "B", "criterion_index": 2, "rubric_title": "Second point.", "verdict": "Satisfied", "success": true}
                {"sample_id": "C", "criterion_index": 1, "rubric_title": "c1", "verdict": "Error", "success": false}
                """);
        var human = RrAgreement.read(dir.resolve("human.jsonl"));
        var judge = RrAgreement.read(dir.resolve("judge.jsonl"));

        var ternary = RrAgreement.compare(human, judge, Grading.TERNARY);
        // A: F1(S) = 2·1/(2·1+0+1) = 2/3, F1(PS) = 1, F1(NS) = 2/(2+1+0) = 2/3 → 7/9.
        // B: F1(S) = 1, PS and NS absent on both sides count 0 → 1/3. Mean (7/9 + 3/9) / 2 = 5/9.
        assertThat(ternary.macroF1ByTask().get("A")).isCloseTo(7.0 / 9, within(1e-12));
        assertThat(ternary.macroF1ByTask().get("B")).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(ternary.macroF1().getAsDouble()).isCloseTo(5.0 / 9, within(1e-12));
        assertThat(ternary.pairs()).isEqualTo(6);
        assertThat(ternary.unpaired()).isEqualTo(1); // C's judge item failed: counted, not paired
        assertThat(ternary.matrix()).isDeepEqualTo(new long[][] {{3, 0, 1}, {0, 1, 0}, {0, 0, 1}});

        var binary = RrAgreement.compare(human, judge, Grading.BINARY);
        // A folds to S, S, NS, NS vs S, NS, NS, NS: F1(S) = 2/3, F1(NS) = 4/5 → 11/15. B: (1 + 0) / 2. Mean 37/60.
        assertThat(binary.macroF1().getAsDouble()).isCloseTo(37.0 / 60, within(1e-12));
        assertThat(binary.matrix()).isDeepEqualTo(new long[][] {{3, 1}, {0, 2}});
        // pₒ = 5/6, pₑ = (4/6)(3/6) + (2/6)(3/6) = 1/2, κ = (5/6 − 1/2) / (1/2) = 2/3.
        assertThat(binary.kappa().getAsDouble()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(binary.accuracy()).isCloseTo(5.0 / 6, within(1e-12));
    }

    @Test
    void kappaIsUndefinedWhenBothSidesUseOneLabel() {
        assertThat(RrAgreement.kappa(new long[][] {{4, 0}, {0, 0}})).isEmpty();
    }

    @Test
    void aBadVerdictNamesItsLine() throws Exception {
        Files.writeString(dir.resolve("bad.jsonl"), "{\"sample_id\": \"A\", \"criterion\": 1, \"verdict\": \"Satisfied\"}\n"
                + "{\"sample_id\": \"A\", \"criterion\": 2, \"verdict\": \"maybe\"}\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RrAgreement.read(dir.resolve("bad.jsonl")))
                .isInstanceOf(DatasetException.class).hasMessageContaining("bad.jsonl:2").hasMessageContaining("maybe");
    }
}
