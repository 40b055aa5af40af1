package ai.lyceum.train.rl;

/**
 * How the policy-gradient loss is formed (../shared/specs/guide.md §7–8).
 *
 * @param clipEpsilon  PPO's symmetric clip on on-policy ratios: clip(ρ, 1-ε, 1+ε)
 * @param aggregation  how token losses become one number
 * @param maxResponse  Dr. GRPO's constant denominator per sequence (the generation budget)
 * @param shaping      what guided (off-policy) tokens' ratios go through instead of the clip
 * @param gammaValue   the percentile for {@link Shaping#PERCENTILE}, γ itself for {@link Shaping#CONSTANT} and
 *                     {@link Shaping#POWER}
 * @param gammaScope   over which guided tokens the percentile is taken
 * @param klCoef       weight of the k3 KL estimate to a frozen reference; 0 for none (the Guide default)
 * @param gammaOverPadding let padded positions (ratio 1) into the percentile, as the official code's row
 *                     selection does; only for bit-parity experiments
 */
public record PolicyLossConfig(double clipEpsilon, Aggregation aggregation, int maxResponse, Shaping shaping,
        double gammaValue, GammaScope gammaScope, double klCoef, boolean gammaOverPadding) {

    /** Token losses ℓ (masked) to a scalar. */
    public enum Aggregation {
        /** Mean over each sequence's tokens, then over sequences: GRPO, and Guide's micro-batch-of-one. */
        SEQUENCE_MEAN,
        /** Mean over all tokens of the mini-batch: DAPO. */
        TOKEN_MEAN,
        /** Sum over tokens divided by sequences × {@code maxResponse}: Dr. GRPO, no length bias. */
        DR_GRPO
    }

    /** What a guided token's importance ratio ρ becomes; no clipping applies to guided tokens. */
    public enum Shaping {
        /** ρ/(ρ+γ) with γ = max(1e-4, the {@code gammaValue}-quantile of the guided ratios), detached. */
        PERCENTILE,
        /** ρ/(ρ+γ) with a fixed γ. */
        CONSTANT,
        /** ρ^γ. */
        POWER
    }

    /** Which guided tokens one percentile γ is computed over. */
    public enum GammaScope {
        /** Each guided sequence its own γ: the official code, whose micro-batch is one sequence. */
        SEQUENCE,
        /** One γ over every guided token of the mini-batch. */
        MICRO_BATCH
    }

    /** γ's floor for the percentile strategy. */
    public static final double GAMMA_FLOOR = 1e-4;

    public PolicyLossConfig {
        if (!(clipEpsilon > 0 && clipEpsilon < 1)) throw new IllegalArgumentException("clipEpsilon must be in (0, 1), was " + clipEpsilon);
        if (maxResponse <= 0) throw new IllegalArgumentException("maxResponse must be positive, was " + maxResponse);
        if (shaping == Shaping.PERCENTILE && !(gammaValue >= 0 && gammaValue <= 1)) {
            throw new IllegalArgumentException("a percentile gamma must be in [0, 1], was " + gammaValue);
        }
        if (!(gammaValue > 0) && shaping != Shaping.PERCENTILE) {
            throw new IllegalArgumentException("gamma must be > 0, was " + gammaValue);
        }
        if (!(klCoef >= 0)) throw new IllegalArgumentException("klCoef must be >= 0, was " + klCoef);
    }

    /** The Guide paper's settings: ε 0.2, sequence mean, γ = 90th percentile per guided sequence, no KL. */
    public static PolicyLossConfig guide(int maxResponse) {
        return new PolicyLossConfig(0.2, Aggregation.SEQUENCE_MEAN, maxResponse, Shaping.PERCENTILE, 0.9,
                GammaScope.SEQUENCE, 0, false);
    }

    public PolicyLossConfig withAggregation(Aggregation a) {
        return new PolicyLossConfig(clipEpsilon, a, maxResponse, shaping, gammaValue, gammaScope, klCoef, gammaOverPadding);
    }

    public PolicyLossConfig withShaping(Shaping s, double gamma) {
        return new PolicyLossConfig(clipEpsilon, aggregation, maxResponse, s, gamma, gammaScope, klCoef, gammaOverPadding);
    }

    public PolicyLossConfig withGammaScope(GammaScope scope) {
        return new PolicyLossConfig(clipEpsilon, aggregation, maxResponse, shaping, gammaValue, scope, klCoef, gammaOverPadding);
    }

    public PolicyLossConfig withGammaOverPadding(boolean on) {
        return new PolicyLossConfig(clipEpsilon, aggregation, maxResponse, shaping, gammaValue, gammaScope, klCoef, on);
    }

    public PolicyLossConfig withKl(double coef) {
        return new PolicyLossConfig(clipEpsilon, aggregation, maxResponse, shaping, gammaValue, gammaScope, coef, gammaOverPadding);
    }
}
