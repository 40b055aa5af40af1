package ai.lyceum.policy;

import java.util.Arrays;

/**
 * Token ids of a completion with the sampling policy's logprob of each, index for index. Trainers need these
 * exactly as sampled: re-tokenising text is how multi-turn RL goes wrong.
 */
public record Tokens(int[] ids, double[] logprobs) {
    public Tokens {
        if (ids.length != logprobs.length) {
            throw new IllegalArgumentException(
                    "token ids and logprobs differ in length: " + ids.length + " vs " + logprobs.length);
        }
        ids = ids.clone();
        logprobs = logprobs.clone();
    }

    @Override
    public int[] ids() { return ids.clone(); }

    @Override
    public double[] logprobs() { return logprobs.clone(); }

    public int size() { return ids.length; }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tokens t && Arrays.equals(ids, t.ids) && Arrays.equals(logprobs, t.logprobs);
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(ids) + Arrays.hashCode(logprobs); }

    @Override
    public String toString() { return "Tokens[" + ids.length + " tokens]"; }
}
