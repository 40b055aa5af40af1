package ai.lyceum.train.rl;

import ai.lyceum.train.optim.AdamWSettings;

/**
 * One on-policy RL run's settings. Defaults follow ../shared/specs/guide-small-scale.md.
 *
 * @param algorithm        GRPO, or Guide-GRPO (guided re-rolls of all-failed prompts)
 * @param promptsPerStep   prompts drawn per step
 * @param groupSize        rollouts per prompt (G)
 * @param miniBatches      optimiser updates per step, each over whole groups
 * @param lr               constant learning rate
 * @param adam             AdamW hyper-parameters
 * @param maxGradNorm      global gradient-norm clip
 * @param loss             the policy loss
 * @param dynamicSampling  drop groups whose rewards are all equal (they carry no advantage)
 * @param scaleByStd       divide advantages by the group's std (GRPO); false for Dr. GRPO
 * @param temperature      rollout temperature
 * @param topP             rollout nucleus mass
 * @param seed             prompts, rollouts and shuffles derive from it: the same seed gives the same prompts
 *                         to GRPO and Guide at every step
 */
public record RlConfig(Algorithm algorithm, int promptsPerStep, int groupSize, int miniBatches, double lr,
        AdamWSettings adam, double maxGradNorm, PolicyLossConfig loss, boolean dynamicSampling, boolean scaleByStd,
        double temperature, double topP, long seed) {

    public enum Algorithm {
        /** Plain GRPO: groups from the plain prompt only. */
        GRPO,
        /** Guide-GRPO: prompts whose rollouts all fail are re-rolled with the teacher's guidance in context. */
        GUIDE
    }

    public RlConfig {
        if (promptsPerStep <= 0 || groupSize < 2 || miniBatches <= 0) {
            throw new IllegalArgumentException("need prompts > 0, group size >= 2 and mini-batches > 0; got "
                    + promptsPerStep + ", " + groupSize + ", " + miniBatches);
        }
        if (!(lr > 0)) throw new IllegalArgumentException("lr must be > 0, was " + lr);
    }

    /** The small-scale reference: 16 prompts × 8, two mini-batches, AdamW 1e-4 (β2 0.99), clip 1.0, no KL. */
    public static RlConfig defaults(Algorithm algorithm, int maxResponse, long seed) {
        return new RlConfig(algorithm, 16, 8, 2, 1e-4, AdamWSettings.DEFAULT.withBeta2(0.99).withWeightDecay(0), 1.0,
                PolicyLossConfig.guide(maxResponse), true, true, 1.0, 1.0, seed);
    }

    public RlConfig withAlgorithm(Algorithm a) {
        return new RlConfig(a, promptsPerStep, groupSize, miniBatches, lr, adam, maxGradNorm, loss, dynamicSampling,
                scaleByStd, temperature, topP, seed);
    }

    public RlConfig withSeed(long s) {
        return new RlConfig(algorithm, promptsPerStep, groupSize, miniBatches, lr, adam, maxGradNorm, loss,
                dynamicSampling, scaleByStd, temperature, topP, s);
    }

    public RlConfig withLoss(PolicyLossConfig l) {
        return new RlConfig(algorithm, promptsPerStep, groupSize, miniBatches, lr, adam, maxGradNorm, l,
                dynamicSampling, scaleByStd, temperature, topP, seed);
    }

    public RlConfig withFilters(boolean dynamic, boolean byStd) {
        return new RlConfig(algorithm, promptsPerStep, groupSize, miniBatches, lr, adam, maxGradNorm, loss, dynamic,
                byStd, temperature, topP, seed);
    }

    public RlConfig withLr(double rate) {
        return new RlConfig(algorithm, promptsPerStep, groupSize, miniBatches, rate, adam, maxGradNorm, loss,
                dynamicSampling, scaleByStd, temperature, topP, seed);
    }
}
