package ai.lyceum.train.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.lyceum.train.model.Torch;
import ai.lyceum.train.rl.PolicyLossConfig.Aggregation;
import ai.lyceum.train.rl.PolicyLossConfig.GammaScope;
import ai.lyceum.train.rl.PolicyLossConfig.Shaping;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each formula of ../shared/specs/guide.md §5–8 on cases worked out by hand. */
class PolicyLossTest {
    private static NDManager nd;

    @BeforeAll
    static void open() { nd = Torch.newManager(); }

    @AfterAll
    static void close() { nd.close(); }

    @Test
    void advantagesUseTheUnbiasedStdPlusEpsilon() {
        // mean 0.25; unbiased variance (0.5625 + 3 × 0.0625) / 3 = 0.25, std 0.5
        assertThat(Advantages.group(new double[] {1, 0, 0, 0}, true))
                .containsExactly(new double[] {0.75 / (0.5 + 1e-6), -0.25 / (0.5 + 1e-6), -0.25 / (0.5 + 1e-6), -0.25 / (0.5 + 1e-6)}, within(1e-12));
        assertThat(Advantages.group(new double[] {1, 0, 0, 0}, false)).containsExactly(0.75, -0.25, -0.25, -0.25);
        assertThat(Advantages.group(new double[] {1}, true)).containsExactly(new double[] {1 / (1 + 1e-6)}, within(1e-12));
        assertThat(Advantages.group(new double[] {1, 1, 1}, true)).containsExactly(0.0, 0.0, 0.0);
    }

    @Test
    void quantileInterpolatesLinearlyLikeTorch() {
        // torch.quantile(tensor([4., 1., 3., 2.]), 0.9) = 3.7
        assertThat(PolicyLoss.quantile(new double[] {4, 1, 3, 2}, 0.9)).isCloseTo(3.7, within(1e-12));
        assertThat(PolicyLoss.quantile(new double[] {5}, 0.9)).isEqualTo(5);
        assertThat(PolicyLoss.quantile(new double[] {1, 2}, 0.5)).isEqualTo(1.5);
    }

    @Test
    void onPolicyTokensTakeThePessimisticOfRawAndClippedRatio() {
        var loss = new PolicyLoss(PolicyLossConfig.guide(8));
        // ρ = 1.5: A = +1 → max(−1.5, −1.2) = −1.2; A = −1 → max(1.5, 1.2) = 1.5
        assertThat(single(loss, 1.5, 1, true)).isCloseTo(-1.2, within(1e-5));
        assertThat(single(loss, 1.5, -1, true)).isCloseTo(1.5, within(1e-5));
        // ρ = 0.5: A = +1 → max(−0.5, −0.8) = −0.5; A = −1 → max(0.5, 0.8) = 0.8
        assertThat(single(loss, 0.5, 1, true)).isCloseTo(-0.5, within(1e-5));
        assertThat(single(loss, 0.5, -1, true)).isCloseTo(0.8, within(1e-5));
    }

    @Test
    void guidedTokensAreReshapedByTheNinetiethPercentileOfTheirSequenceAndNeverClipped() {
        double[] ratios = {0.1, 1, 2, 4};
        double gamma = 3.4; // 90th percentile of {0.1, 1, 2, 4}
        double expected = 0;
        for (double r : ratios) expected += -2.0 * r / (r + gamma);
        expected /= ratios.length;
        var result = compute(new PolicyLoss(PolicyLossConfig.guide(8)), new double[][] {ratios}, new double[] {2}, new boolean[] {false});
        assertThat(result.loss().getFloat()).isCloseTo((float) expected, within(1e-5f));
        assertThat(result.stats().gammas()).containsExactly(new double[] {gamma}, within(1e-5));
        // ρ = 4 would be clipped at 1.2 on-policy; guided, it contributes 4 / 7.4 unclipped.
        assertThat(result.stats().clipFraction()).isNaN();
    }

    @Test
    void gammaIsFlooredAndScopedPerSequenceOrPerMiniBatch() {
        var tiny = compute(new PolicyLoss(PolicyLossConfig.guide(8)), new double[][] {{1e-6, 1e-6}}, new double[] {1}, new boolean[] {false});
        assertThat(tiny.stats().gammas()[0]).isCloseTo(PolicyLossConfig.GAMMA_FLOOR, within(1e-9));

        double[][] rows = {{1, 1}, {3, 3}};
        var perSequence = compute(new PolicyLoss(PolicyLossConfig.guide(8)), rows, new double[] {1, -1}, new boolean[] {false, false});
        assertThat(perSequence.stats().gammas()).containsExactly(new double[] {1, 3}, within(1e-5));
        var perBatch = compute(new PolicyLoss(PolicyLossConfig.guide(8).withGammaScope(GammaScope.MICRO_BATCH)), rows,
                new double[] {1, -1}, new boolean[] {false, false});
        assertThat(perBatch.stats().gammas()).containsExactly(new double[] {3, 3}, within(1e-5)); // quantile of {1,1,3,3} at 0.9
    }

    @Test
    void parityModeLetsPaddingIntoTheQuantile() {
        // One guided row of two real tokens at ratio 4 and two padded positions.
        double[][] ratios = {{4, 4, 1, 1}};
        float[] mask = {1, 1, 0, 0};
        var real = compute(new PolicyLoss(PolicyLossConfig.guide(8)), ratios, mask, new double[] {1}, new boolean[] {false});
        assertThat(real.stats().gammas()).containsExactly(new double[] {4}, within(1e-5));
        var parity = compute(new PolicyLoss(PolicyLossConfig.guide(8).withGammaOverPadding(true)), ratios, mask,
                new double[] {1}, new boolean[] {false});
        assertThat(parity.stats().gammas()).containsExactly(new double[] {4}, within(1e-5)); // {1,1,4,4} at 0.9 → 4
        var mostlyPadding = compute(new PolicyLoss(PolicyLossConfig.guide(8).withGammaOverPadding(true)),
                new double[][] {{4, 1, 1, 1, 1}}, new float[] {1, 0, 0, 0, 0}, new double[] {1}, new boolean[] {false});
        assertThat(mostlyPadding.stats().gammas()).containsExactly(new double[] {1 + 0.6 * 3}, within(1e-5)); // position 3.6
    }

    @Test
    void constantAndPowerShapings() {
        var constant = new PolicyLoss(PolicyLossConfig.guide(8).withShaping(Shaping.CONSTANT, 1));
        assertThat(single(constant, 3, 1, false)).isCloseTo(-0.75, within(1e-5));
        var power = new PolicyLoss(PolicyLossConfig.guide(8).withShaping(Shaping.POWER, 0.5));
        assertThat(single(power, 4, 1, false)).isCloseTo(-2, within(1e-5));
    }

    @Test
    void aggregationsDivideByWhatTheyName() {
        // Row 0: one token at ρ = 1 with A = 1 → ℓ = −1. Row 1: three tokens at ρ = 1 with A = 2 → ℓ = −2 each.
        double[][] ratios = {{1, 0, 0}, {1, 1, 1}};
        float[] mask = {1, 0, 0, 1, 1, 1};
        double[] adv = {1, 2};
        boolean[] on = {true, true};
        var base = PolicyLossConfig.guide(4);
        assertThat(compute(new PolicyLoss(base), ratios, mask, adv, on).loss().getFloat())
                .isCloseTo((-1f + -2f) / 2, within(1e-5f)); // mean of per-sequence means
        assertThat(compute(new PolicyLoss(base.withAggregation(Aggregation.TOKEN_MEAN)), ratios, mask, adv, on).loss().getFloat())
                .isCloseTo((-1f - 6f) / 4, within(1e-5f));
        assertThat(compute(new PolicyLoss(base.withAggregation(Aggregation.DR_GRPO)), ratios, mask, adv, on).loss().getFloat())
                .isCloseTo((-1f - 6f) / (2 * 4), within(1e-5f));
    }

    @Test
    void gradientsPushLikelihoodTowardsPositiveAdvantageOnly() {
        var loss = new PolicyLoss(PolicyLossConfig.guide(8));
        assertThat(gradient(loss, 1.0, 1, true)).isNegative(); // descending the loss raises log π
        assertThat(gradient(loss, 1.0, -1, true)).isPositive();
        assertThat(gradient(loss, 0.5, 1, false)).isNegative();
        assertThat(gradient(loss, 0.5, -1, false)).isPositive();
        assertThat(gradient(loss, 1.5, 1, true)).isZero(); // clipped: no gradient beyond 1 + ε
    }

    @Test
    void theShapedRatioGradientWeightIsAtMostAQuarterAndPeaksAtGamma() {
        var loss = new PolicyLoss(PolicyLossConfig.guide(8).withShaping(Shaping.CONSTANT, 2));
        double best = 0, bestRho = 0;
        for (double logRho = -6; logRho <= 6; logRho += 0.05) {
            double rho = Math.exp(logRho);
            double weight = gradient(loss, rho, -1, false); // d(ρ/(ρ+γ))/d log ρ = γρ/(ρ+γ)²
            assertThat(weight).isCloseTo(2 * rho / Math.pow(rho + 2, 2), within(1e-5)).isLessThanOrEqualTo(0.25 + 1e-6);
            if (weight > best) {
                best = weight;
                bestRho = rho;
            }
        }
        assertThat(bestRho).isCloseTo(2, within(0.1));
        assertThat(best).isCloseTo(0.25, within(1e-3));
    }

    @Test
    void theKlTermIsZeroAtTheReferenceAndPositiveAway() {
        var loss = new PolicyLoss(PolicyLossConfig.guide(8).withKl(0.5));
        float[] old = {0f};
        try (var scope = nd.newSubManager()) {
            NDArray at = scope.create(new float[] {-1f}, new Shape(1, 1));
            var same = loss.compute(at, new PolicyLoss.Inputs(old, new float[] {1}, new double[] {0}, new boolean[] {true},
                    Optional.of(new float[] {-1f})));
            assertThat(same.stats().klMean()).isCloseTo(0, within(1e-7));
            var away = loss.compute(at, new PolicyLoss.Inputs(old, new float[] {1}, new double[] {0}, new boolean[] {true},
                    Optional.of(new float[] {-2f})));
            double d = -1; // log π_ref − log π = −2 − (−1)
            assertThat(away.stats().klMean()).isCloseTo(Math.exp(d) - d - 1, within(1e-6));
            assertThat(away.loss().getFloat()).isCloseTo((float) (0.5 * (Math.exp(d) - d - 1)), within(1e-6f));
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** The loss of one single-token sequence at ratio {@code rho}. */
    private static double single(PolicyLoss loss, double rho, double advantage, boolean onPolicy) {
        return compute(loss, new double[][] {{rho}}, new double[] {advantage}, new boolean[] {onPolicy}).loss().getFloat();
    }

    /** d loss / d log π for one single-token sequence at ratio {@code rho}. */
    private static double gradient(PolicyLoss loss, double rho, double advantage, boolean onPolicy) {
        try (var scope = nd.newSubManager()) {
            NDArray newLogp = scope.create(new float[] {(float) Math.log(rho)}, new Shape(1, 1));
            newLogp.setRequiresGradient(true);
            var inputs = new PolicyLoss.Inputs(new float[] {0f}, new float[] {1f}, new double[] {advantage},
                    new boolean[] {onPolicy}, Optional.empty());
            return Torch.withGrad(true, () -> {
                Torch.backward(loss.compute(newLogp, inputs).loss());
                return (double) newLogp.getGradient().getFloat();
            });
        }
    }

    private static PolicyLoss.Result compute(PolicyLoss loss, double[][] ratios, double[] adv, boolean[] on) {
        float[] mask = new float[ratios.length * ratios[0].length];
        java.util.Arrays.fill(mask, 1f);
        return compute(loss, ratios, mask, adv, on);
    }

    /** Old log-probs 0, so the new log-probs are log ρ. */
    private static PolicyLoss.Result compute(PolicyLoss loss, double[][] ratios, float[] mask, double[] adv, boolean[] on) {
        int b = ratios.length, l = ratios[0].length;
        float[] logp = new float[b * l];
        for (int r = 0; r < b; r++) for (int t = 0; t < l; t++) logp[r * l + t] = (float) Math.log(Math.max(ratios[r][t], 1e-30));
        NDArray newLogp = nd.create(logp, new Shape(b, l));
        return loss.compute(newLogp, new PolicyLoss.Inputs(new float[b * l], mask, adv, on, Optional.empty()));
    }
}
