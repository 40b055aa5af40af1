package ai.lyceum.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * What a policy produced.
 *
 * @param text   the generated text
 * @param tokens token ids and per-token logprobs, when the backend returned them
 * @param finish why generation stopped
 * @param usage  token counts as the backend reported them
 */
public record Completion(String text, Optional<Tokens> tokens, FinishReason finish, Usage usage) {
    public Completion {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(finish, "finish");
        Objects.requireNonNull(usage, "usage");
    }

    /** A completion with no token information, as replaying or scripted policies produce. */
    public static Completion ofText(String text) {
        return new Completion(text, Optional.empty(), FinishReason.STOP, Usage.NONE);
    }

    public enum FinishReason {
        STOP, LENGTH, OTHER;

        public static FinishReason parse(String wire) {
            if (wire == null) return OTHER;
            return switch (wire) {
                case "stop", "eos", "end_turn", "stop_sequence" -> STOP;
                case "length", "max_tokens" -> LENGTH;
                default -> OTHER;
            };
        }
    }

    /** Token counts; zero when unknown. */
    public record Usage(int promptTokens, int completionTokens) {
        public static final Usage NONE = new Usage(0, 0);
    }
}
