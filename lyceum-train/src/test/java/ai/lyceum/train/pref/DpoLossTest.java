package ai.lyceum.train.pref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.lyceum.train.model.ByteTokenizer;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Torch;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.AdamWSettings;
import ai.lyceum.train.optim.LrSchedule;
import ai.lyceum.train.optim.TrainingStep;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DpoLossTest {
    private static NDManager nd;

    @BeforeAll
    static void open() { nd = Torch.newManager(); }

    @AfterAll
    static void close() { nd.close(); }

    // β = 0.1; chosen: log π −10, log π_ref −12 (log-ratio +2); rejected: log π −8, log π_ref −7 (log-ratio −1).
    // z = 0.1 · (2 − (−1)) = 0.3; L = −log σ(0.3) = log(1 + e^−0.3) = log(1.7408182) = 0.5543552.
    // dL/dz = −σ(−0.3) = −0.4255575; dL/d log π(chosen) = β · dL/dz = −0.04255575, dL/d log π(rejected) = +0.04255575.

    @Test
    void theLossOfOnePairMatchesTheHandComputedValue() {
        assertThat(new DpoLoss(0.1).value(-10, -12, -8, -7)).isCloseTo(0.5543552, within(1e-6));
        assertThat(new DpoLoss(0.1).value(-5, -5, -9, -9)).as("policy equals reference: log 2").isCloseTo(Math.log(2), within(1e-12));
        assertThat(new DpoLoss(1.0).value(-10, -12, -8, -7)).as("β = 1: log(1 + e^−3)").isCloseTo(0.0485874, within(1e-6));
    }

    @Test
    void theBatchedLossIsTheMeanOverPairsAndStaysFiniteForHugeMargins() {
        var loss = new DpoLoss(0.1);
        try (var m = nd.newSubManager()) {
            var r = loss.compute(m.create(new float[] {-10f, -5f}), m.create(new float[] {-8f, -9f}),
                    new double[] {-12, -5}, new double[] {-7, -9});
            assertThat(r.loss().getFloat()).isCloseTo((float) ((0.5543552 + Math.log(2)) / 2), within(1e-5f));
            assertThat(r.stats().margin()).isCloseTo(0.15, within(1e-6));
            assertThat(r.stats().accuracy()).isEqualTo(0.5);
            var extreme = loss.compute(m.create(new float[] {-1e4f}), m.create(new float[] {0f}), new double[] {0}, new double[] {-1e4});
            assertThat(extreme.loss().getFloat()).as("z = −2000: the loss is 2000, not infinity").isCloseTo(2000f, within(1e-2f));
        }
    }

    @Test
    void theGradientRaisesTheChosenAndLowersTheRejectedByBetaTimesSigmaOfMinusZ() {
        var loss = new DpoLoss(0.1);
        try (var m = nd.newSubManager()) {
            var chosen = m.create(new float[] {-10f});
            var rejected = m.create(new float[] {-8f});
            chosen.setRequiresGradient(true);
            rejected.setRequiresGradient(true);
            Torch.withGrad(true, () -> {
                Torch.backward(loss.compute(chosen, rejected, new double[] {-12}, new double[] {-7}).loss());
                return null;
            });
            assertThat(chosen.getGradient().getFloat()).isCloseTo(-0.04255575f, within(1e-6f));
            assertThat(rejected.getGradient().getFloat()).isCloseTo(0.04255575f, within(1e-6f));
        }
    }

    @Test
    void rejectsANonPositiveBeta() {
        assertThatThrownBy(() -> new DpoLoss(0)).hasMessageContaining("β");
    }

    @Test
    void updatesMoveThePolicyTowardsTheChosenResponseAndLeaveTheReferenceAlone() {
        var config = ModelConfig.tiny();
        try (var policy = Transformer.initialize(config, 7); var reference = Transformer.initialize(config, 7)) {
            var pair = new DpoPair("w", ByteTokenizer.encode("abc="), ByteTokenizer.encodeWithEos("xyz"),
                    ByteTokenizer.encodeWithEos("xqz"));
            double before = margin(policy, pair), refBefore = margin(reference, pair);
            assertThat(before).as("identical copies").isCloseTo(refBefore, within(1e-5));
            var trainer = new DpoTrainer(reference, 0.1);
            var optimizer = new TrainingStep(policy, AdamWSettings.DEFAULT, LrSchedule.constant(1e-3), 1.0);
            var first = trainer.update(policy, optimizer, List.of(pair));
            assertThat(first.stats().loss()).as("π = π_ref at the start: log 2").isCloseTo(Math.log(2), within(1e-4));
            for (int i = 0; i < 4; i++) trainer.update(policy, optimizer, List.of(pair));
            assertThat(margin(policy, pair)).isGreaterThan(before + 0.1);
            assertThat(margin(reference, pair)).isCloseTo(refBefore, within(1e-9));
        }
    }

    /** log π(chosen) − log π(rejected) under {@code model}. */
    private static double margin(Transformer model, DpoPair pair) {
        var lp = model.logprobs(List.of(pair.prompt(), pair.prompt()), List.of(pair.chosen(), pair.rejected()));
        double s = 0;
        for (double x : lp.get(0)) s += x;
        for (double x : lp.get(1)) s -= x;
        return s;
    }
}
