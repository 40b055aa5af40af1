package ai.lyceum.train.pref;

/**
 * One preference: two responses to the same prompt, the chosen preferred to the rejected. Token ids, never text, so
 * the log-probs are of exactly what was sampled.
 *
 * @param prompt   the context both are scored under (the unguided prompt for teacher-feedback pairs)
 * @param chosen   the preferred response, EOS included
 * @param rejected the other, EOS included
 */
public record DpoPair(String taskId, int[] prompt, int[] chosen, int[] rejected) {
    public DpoPair {
        if (prompt.length == 0 || chosen.length == 0 || rejected.length == 0) {
            throw new IllegalArgumentException("pair on " + taskId + " has an empty prompt or response");
        }
    }
}
