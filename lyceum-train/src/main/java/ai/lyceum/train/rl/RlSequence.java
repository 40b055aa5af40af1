package ai.lyceum.train.rl;

/**
 * One trained sequence: a trained role's turn. A guided sequence has two encodings sharing its response tokens:
 * the plain prompt it is trained under and the guided prompt that generated it (../shared/specs/guide.md §11.1).
 *
 * @param group          the GRPO group it is normalised in
 * @param taskId         the task its rollout answered
 * @param planPrompt     the plain context tokens: new log-probs are always taken under these
 * @param behaviorPrompt the context that generated the response: old log-probs are taken under these
 * @param response       the sampled tokens, EOS included
 * @param reward         its rollout's reward
 * @param advantage      its rollout's advantage within the group
 * @param onPolicy       false when sampled with guidance in context
 */
public record RlSequence(int group, String taskId, int[] planPrompt, int[] behaviorPrompt, int[] response, double reward,
        double advantage, boolean onPolicy) {}
