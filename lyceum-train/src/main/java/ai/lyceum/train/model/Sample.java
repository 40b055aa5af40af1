package ai.lyceum.train.model;

import java.util.Arrays;

/**
 * One sampled continuation.
 *
 * @param tokens   the ids exactly as sampled, including a final EOS or the token that completed a stop string
 * @param logprobs per token, the model's log-probability at temperature 1 before any nucleus cut, i.e. what
 *                 {@link Transformer#logprobs(int[], int[])} returns for the same tokens
 * @param text     the decoded bytes, without EOS and cut before the stop string
 * @param finish   why the row ended
 */
public record Sample(int[] tokens, double[] logprobs, String text, Finish finish) {
    public enum Finish { EOS, STOP_STRING, LENGTH }

    public Sample {
        if (tokens.length != logprobs.length) {
            throw new IllegalArgumentException(tokens.length + " tokens but " + logprobs.length + " logprobs");
        }
        tokens = tokens.clone();
        logprobs = logprobs.clone();
    }

    @Override
    public int[] tokens() { return tokens.clone(); }

    @Override
    public double[] logprobs() { return logprobs.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && Arrays.equals(tokens, s.tokens) && Arrays.equals(logprobs, s.logprobs)
                && text.equals(s.text) && finish == s.finish;
    }

    @Override
    public int hashCode() { return Arrays.hashCode(tokens) * 31 + text.hashCode(); }

    @Override
    public String toString() { return "Sample[" + tokens.length + " tokens, " + finish + "]"; }
}
