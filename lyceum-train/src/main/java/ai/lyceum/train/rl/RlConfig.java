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
 * @param refillRounds     refill (verl's, and the official Guide code's): while fewer than {@code promptsPerStep}
 *                         groups are trainable, draw {@code promptsPerStep} more prompts, at most this many extra
 *                         rounds; 0 trains on what the first draw gave
 * @param maxGuided        Guide: at most this many all-failed prompts per step are re-rolled with guidance
 *                         (0: every one)
 * @param guidedGroupSize  Guide: rollouts per guided prompt
 * @param maxTokens        new tokens per turn; 0 keeps what the environment asks for
 */
public record RlConfig(Algorithm algorithm, int promptsPerStep, int groupSize, int miniBatches, double lr,
        AdamWSettings adam, double maxGradNorm, PolicyLossConfig loss, boolean dynamicSampling, boolean scaleByStd,
        double temperature, double topP, long seed, int refillRounds, int maxGuided, int guidedGroupSize, int maxTokens) {

    public enum Algorithm {
        /** Plain GRPO: groups from the plain prompt only. */
        GRPO,
        /** Guide-GRPO: prompts whose rollouts all fail are re-rolled with the teacher's guidance in context. */
        GUIDE
    }

    public RlConfig {
        if (promptsPerStep <= 0 || groupSize < 2 || miniBatches <= 0 || guidedGroupSize < 2) {
            throw new IllegalArgumentException("need prompts > 0, group sizes >= 2 and mini-batches > 0; got "
                    + promptsPerStep + ", " + groupSize + "/" + guidedGroupSize + ", " + miniBatches);
        }
        if (!(lr > 0)) throw new IllegalArgumentException("lr must be > 0, was " + lr);
        if (refillRounds < 0 || maxGuided < 0 || maxTokens < 0) {
            throw new IllegalArgumentException("refill rounds and the guided cap must be >= 0; got " + refillRounds
                    + ", " + maxGuided);
        }
    }

    /** The small-scale reference: 16 prompts × 8, two mini-batches, AdamW 1e-4 (β2 0.99), clip 1.0, no KL. */
    public static RlConfig defaults(Algorithm algorithm, int maxResponse, long seed) {
        return new RlConfig(algorithm, 16, 8, 2, 1e-4, AdamWSettings.DEFAULT.withBeta2(0.99).withWeightDecay(0), 1.0,
                PolicyLossConfig.guide(maxResponse), true, true, 1.0, 1.0, seed, 0, 0, 8, 0);
    }

    public RlConfig withAlgorithm(Algorithm a) {
        return new RlConfig(a, promptsPerStep, groupSize, miniBatches, lr, adam, maxGradNorm, loss, dynamicSampling,
                scaleByStd, temperature, topP, seed, refillRounds, maxGuided, guidedGroupSize, maxTokens);
    }

    public RlConfig withSeed(long s) {
        return new RlConfig(algorithm, promptsPerStep, groupSize, miniBatches, lr, adam, maxGradNorm, loss,
                dynamicSampling, scaleByStd, temperature, topP, s, refillRounds, maxGuided, guidedGroupSize, maxTokens);
    }

    public RlConfig withLoss(PolicyLossConfig l) {
        return new RlConfig(algorithm, promptsPerStep, groupSize, miniBatches, lr, adam, maxGradNorm, l,
                dynamicSampling, scaleByStd, temperature, topP, seed, refillRounds, maxGuided, guidedGroupSize, maxTokens);
    }

    public RlConfig withFilters(boolean dynamic, boolean byStd) {
        return new RlConfig(algorithm, promptsPerStep, groupSize, miniBatches, lr, adam, maxGradNorm, loss, dynamic,
                byStd, temperature, topP, seed, refillRounds, maxGuided, guidedGroupSize, maxTokens);
    }

    public RlConfig withLr(double rate) {
        return new RlConfig(algorithm, promptsPerStep, groupSize, miniBatches, rate, adam, maxGradNorm, loss,
                dynamicSampling, scaleByStd, temperature, topP, seed, refillRounds, maxGuided, guidedGroupSize, maxTokens);
    }

    public RlConfig withGroups(int prompts, int size) {
        return new RlConfig(algorithm, prompts, size, miniBatches, lr, adam, maxGradNorm, loss, dynamicSampling,
                scaleByStd, temperature, topP, seed, refillRounds, maxGuided, guidedGroupSize, maxTokens);
    }

    public RlConfig withRefill(int rounds) {
        return new RlConfig(algorithm, promptsPerStep, groupSize, miniBatches, lr, adam, maxGradNorm, loss,
                dynamicSampling, scaleByStd, temperature, topP, seed, rounds, maxGuided, guidedGroupSize, maxTokens);
    }

    public RlConfig withMaxTokens(int tokens) {
        return new RlConfig(algorithm, promptsPerStep, groupSize, miniBatches, lr, adam, maxGradNorm, loss,
                dynamicSampling, scaleByStd, temperature, topP, seed, refillRounds, maxGuided, guidedGroupSize, tokens);
    }

    /** Guide's budget: at most {@code prompts} guided prompts per step (0: all), {@code size} rollouts each. */
    public RlConfig withGuidedBudget(int prompts, int size) {
        return new RlConfig(algorithm, promptsPerStep, groupSize, miniBatches, lr, adam, maxGradNorm, loss,
                dynamicSampling, scaleByStd, temperature, topP, seed, refillRounds, prompts, size, maxTokens);
    }
}
