package ai.lyceum.reward.judge;

import ai.lyceum.policy.Sampling;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link LlmJudge} asks.
 *
 * @param mode              one call per criterion (RaR-Explicit, ResearchRubrics) or all criteria in one call
 * @param sampling          temperature 0 and a reply budget by default
 * @param parseAttempts     calls per question when replies are unparseable (the policy retries transport faults itself)
 * @param chunkTriggerChars a longer response is graded chunk-then-decide (ResearchRubrics: 150k tokens × 4 chars)
 * @param chunkChars        the most characters in one chunk (ResearchRubrics: 100k tokens × 4 chars)
 * @param ratingMaxChars    a longer response is shortened in the middle for 1–10 ratings, with a marker saying so
 * @param modelId           the model name in cache keys; defaults to the policy's {@code describe()}
 */
public record JudgeOptions(Mode mode, Sampling sampling, int parseAttempts, int chunkTriggerChars, int chunkChars,
                           int ratingMaxChars, Optional<String> modelId) {
    public enum Mode {
        PER_CRITERION, BATCHED;

        /** {@code per-criterion} or {@code batched}, as {@code --judge-mode} spells them. */
        public static Mode parse(String name) {
            return switch (name.strip().toLowerCase(Locale.ROOT)) {
                case "per-criterion", "per_criterion" -> PER_CRITERION;
                case "batched" -> BATCHED;
                default -> throw new IllegalArgumentException("unknown judge mode '" + name + "'; expected per-criterion or batched");
            };
        }
    }

    public JudgeOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(sampling, "sampling");
        if (parseAttempts < 1) throw new IllegalArgumentException("parse attempts must be >= 1, was " + parseAttempts);
        if (chunkChars < 1000) throw new IllegalArgumentException("chunk size must be >= 1000 characters, was " + chunkChars);
        if (chunkTriggerChars < chunkChars) {
            throw new IllegalArgumentException("chunking trigger " + chunkTriggerChars + " must be >= chunk size " + chunkChars);
        }
        if (ratingMaxChars < 1000) throw new IllegalArgumentException("rating limit must be >= 1000 characters, was " + ratingMaxChars);
        Objects.requireNonNull(modelId, "modelId");
    }

    public static JudgeOptions defaults() {
        return new JudgeOptions(Mode.PER_CRITERION, Sampling.DEFAULT.withTemperature(0).withMaxTokens(1024), 3,
                600_000, 400_000, 400_000, Optional.empty());
    }

    public JudgeOptions withMode(Mode m) {
        return new JudgeOptions(m, sampling, parseAttempts, chunkTriggerChars, chunkChars, ratingMaxChars, modelId);
    }

    public JudgeOptions withParseAttempts(int n) {
        return new JudgeOptions(mode, sampling, n, chunkTriggerChars, chunkChars, ratingMaxChars, modelId);
    }

    public JudgeOptions withChunking(int triggerChars, int chunkSize) {
        return new JudgeOptions(mode, sampling, parseAttempts, triggerChars, chunkSize, ratingMaxChars, modelId);
    }

    public JudgeOptions withRatingMaxChars(int n) {
        return new JudgeOptions(mode, sampling, parseAttempts, chunkTriggerChars, chunkChars, n, modelId);
    }

    public JudgeOptions withModelId(String id) {
        return new JudgeOptions(mode, sampling, parseAttempts, chunkTriggerChars, chunkChars, ratingMaxChars, Optional.of(id));
    }
}
