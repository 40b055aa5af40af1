package ai.lyceum.train.rl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.lyceum.train.rl.PolicyLossConfig.GammaScope;
import ai.lyceum.train.rl.PolicyLossConfig.Shaping;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The GRPO / Guide-GRPO policy loss over response tokens (../shared/specs/guide.md §6–8). For token t of
 * sequence i, ρ = exp(log π_θ(o_t | plain prompt) − old log-prob under the context that generated it):
 * <ul>
 *   <li>on-policy tokens: ℓ = max(−Âρ, −Â·clip(ρ, 1−ε, 1+ε)), PPO;</li>
 *   <li>guided tokens: ℓ = −Â·ρ/(ρ+γ) (or −Âρ^γ), no clip, γ detached;</li>
 * </ul>
 * plus β·k3(π_ref ‖ π_θ) when a KL coefficient is set, then aggregated as configured. As in verl, the
 * log-ratio is clamped to ±20 before exponentiating so one wild token cannot overflow the batch.
 */
public final class PolicyLoss {
    static final double LOG_RATIO_LIMIT = 20;

    private final PolicyLossConfig config;

    public PolicyLoss(PolicyLossConfig config) { this.config = config; }

    public PolicyLossConfig config() { return config; }

    /**
     * What the loss needs besides the new log-probs, row-major (B, L) like them.
     *
     * @param oldLogprobs log-probs under the behaviour context, computed before any update
     * @param mask        1 on real response tokens, 0 on padding
     * @param advantages  one per sequence
     * @param onPolicy    false for sequences sampled with guidance in context
     * @param refLogprobs under the frozen reference and the plain prompt, when a KL term is on
     */
    public record Inputs(float[] oldLogprobs, float[] mask, double[] advantages, boolean[] onPolicy,
            Optional<float[]> refLogprobs) {
        public Inputs {
            int b = advantages.length;
            if (onPolicy.length != b || b == 0 || oldLogprobs.length % b != 0 || mask.length != oldLogprobs.length) {
                throw new IllegalArgumentException("inconsistent loss inputs: " + b + " advantages, " + onPolicy.length
                        + " flags, " + oldLogprobs.length + " old log-probs, " + mask.length + " mask entries");
            }
            if (refLogprobs.isPresent() && refLogprobs.get().length != mask.length) {
                throw new IllegalArgumentException(refLogprobs.get().length + " reference log-probs for " + mask.length + " tokens");
            }
        }

        int rows() { return advantages.length; }

        int width() { return mask.length / advantages.length; }
    }

    /**
     * What a loss evaluation saw, for the per-step metrics.
     *
     * @param gammas       the γ applied to each guided sequence (one entry per guided row)
     * @param shapedMean   mean ρ̃ over guided tokens, NaN when there were none
     * @param clipFraction share of on-policy tokens whose clipped term was the one taken, NaN when none
     * @param klMean       mean k3 over real tokens, 0 without a KL term
     */
    public record Stats(double[] gammas, double shapedMean, double clipFraction, double klMean) {}

    public record Result(NDArray loss, Stats stats) {}

    /** The scalar loss from {@code newLogprobs} (B, L), differentiable through it. */
    public Result compute(NDArray newLogprobs, Inputs in) {
        int b = in.rows(), l = in.width();
        var shape = new Shape(b, l);
        if (!newLogprobs.getShape().equals(shape)) {
            throw new IllegalArgumentException("new log-probs are " + newLogprobs.getShape() + ", inputs are " + shape);
        }
        NDManager nd = newLogprobs.getManager();
        NDArray mask = nd.create(in.mask(), shape);
        NDArray ratio = newLogprobs.sub(nd.create(in.oldLogprobs(), shape)).clip(-LOG_RATIO_LIMIT, LOG_RATIO_LIMIT).exp();
        float[] ratios = ratio.toFloatArray(); // detached values, for γ and the statistics

        float[] negAdv = new float[b], onFlag = new float[b], gamma = new float[b];
        Arrays.fill(gamma, 1f);
        var gammas = new ArrayList<Double>();
        boolean oneGamma = config.gammaScope() == GammaScope.MICRO_BATCH;
        double batchGamma = oneGamma ? gamma(guidedRatios(in, ratios, -1, config.gammaOverPadding())) : Double.NaN;
        for (int r = 0; r < b; r++) {
            negAdv[r] = (float) -in.advantages()[r];
            onFlag[r] = in.onPolicy()[r] ? 1f : 0f;
            if (!in.onPolicy()[r]) {
                double g = oneGamma ? batchGamma : gamma(guidedRatios(in, ratios, r, config.gammaOverPadding()));
                gamma[r] = (float) g;
                gammas.add(g);
            }
        }
        var column = new Shape(b, 1);
        NDArray negA = nd.create(negAdv, column);
        NDArray on = nd.create(onFlag, column);

        NDArray clipped = ratio.mul(negA).maximum(ratio.clip(1 - config.clipEpsilon(), 1 + config.clipEpsilon()).mul(negA));
        NDArray g = nd.create(gamma, column);
        NDArray shaped = config.shaping() == Shaping.POWER ? ratio.pow(g) : ratio.div(ratio.add(g));
        NDArray tokenLoss = on.mul(clipped).add(on.neg().add(1f).mul(shaped.mul(negA)));

        double klMean = 0;
        if (config.klCoef() > 0) {
            float[] ref = in.refLogprobs().orElseThrow(() -> new IllegalArgumentException("a KL term needs reference log-probs"));
            NDArray d = nd.create(ref, shape).sub(newLogprobs); // log π_ref − log π_θ
            NDArray k3 = d.exp().sub(d).sub(1f);
            klMean = k3.mul(mask).sum().getFloat() / Math.max(1, sum(in.mask()));
            tokenLoss = tokenLoss.add(k3.mul((float) config.klCoef()));
        }
        NDArray loss = aggregate(tokenLoss.mul(mask), in, nd);
        return new Result(loss, stats(in, ratios, gamma, gammas, klMean));
    }

    private NDArray aggregate(NDArray maskedLoss, Inputs in, NDManager nd) {
        int b = in.rows();
        return switch (config.aggregation()) {
            case SEQUENCE_MEAN -> {
                float[] inverseLength = new float[b];
                for (int r = 0; r < b; r++) inverseLength[r] = 1f / Math.max(1f, rowSum(in.mask(), r, in.width()));
                yield maskedLoss.sum(new int[] {1}).mul(nd.create(inverseLength)).sum().div((float) b);
            }
            case TOKEN_MEAN -> maskedLoss.sum().div(Math.max(1f, sum(in.mask())));
            case DR_GRPO -> maskedLoss.sum().div((float) b * config.maxResponse());
        };
    }

    /** γ for the percentile strategy from the given ratios, or the configured constant. */
    private double gamma(double[] ratios) {
        if (config.shaping() != Shaping.PERCENTILE) return config.gammaValue();
        if (ratios.length == 0) return 1;
        return Math.max(PolicyLossConfig.GAMMA_FLOOR, quantile(ratios, config.gammaValue()));
    }

    /** Real-token ratios of guided row {@code row}, or of every guided row when {@code row} is −1; padding too if asked. */
    private static double[] guidedRatios(Inputs in, float[] ratios, int row, boolean withPadding) {
        int l = in.width();
        var out = new ArrayList<Double>();
        for (int r = 0; r < in.rows(); r++) {
            if (in.onPolicy()[r] || (row >= 0 && r != row)) continue;
            for (int t = 0; t < l; t++) {
                if (in.mask()[r * l + t] > 0) out.add((double) ratios[r * l + t]);
                else if (withPadding) out.add(1.0); // a padded position: equal log-probs, ratio 1
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private Stats stats(Inputs in, float[] ratios, float[] gamma, List<Double> gammas, double klMean) {
        int l = in.width();
        double shapedSum = 0, eps = config.clipEpsilon();
        long guidedTokens = 0, onTokens = 0, clippedTokens = 0;
        for (int r = 0; r < in.rows(); r++) {
            double a = in.advantages()[r];
            for (int t = 0; t < l; t++) {
                if (in.mask()[r * l + t] == 0) continue;
                double rho = ratios[r * l + t];
                if (in.onPolicy()[r]) {
                    onTokens++;
                    double kept = Math.min(Math.max(rho, 1 - eps), 1 + eps);
                    if (-a * kept > -a * rho) clippedTokens++;
                } else {
                    guidedTokens++;
                    shapedSum += config.shaping() == Shaping.POWER ? Math.pow(rho, gamma[r]) : rho / (rho + gamma[r]);
                }
            }
        }
        return new Stats(gammas.stream().mapToDouble(Double::doubleValue).toArray(),
                guidedTokens == 0 ? Double.NaN : shapedSum / guidedTokens,
                onTokens == 0 ? Double.NaN : (double) clippedTokens / onTokens, klMean);
    }

    /** The q-quantile with linear interpolation between order statistics, as {@code torch.quantile}. */
    public static double quantile(double[] values, double q) {
        if (values.length == 0) throw new IllegalArgumentException("the quantile of nothing is undefined");
        if (!(q >= 0 && q <= 1)) throw new IllegalArgumentException("q must be in [0, 1], was " + q);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    private static float sum(float[] values) {
        float s = 0;
        for (float v : values) s += v;
        return s;
    }

    private static float rowSum(float[] values, int row, int width) {
        float s = 0;
        for (int t = 0; t < width; t++) s += values[row * width + t];
        return s;
    }
}
