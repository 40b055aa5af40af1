package ai.lyceum.reward.math;

import ai.lyceum.failure.Failure;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one verification: equivalent, not equivalent, or a typed failure ({@link Failure.Timeout},
 * {@link Failure.Unparseable}, or {@link Failure.RewardError} for a verifier defect). Carries the extracted
 * answers so a person can see what was compared.
 */
public record Verdict(Outcome outcome, Optional<String> goldAnswer, Optional<String> predictedAnswer,
                      Optional<Failure> failure) {
    public enum Outcome { TRUE, FALSE, FAILED }

    public Verdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(goldAnswer, "goldAnswer");
        Objects.requireNonNull(predictedAnswer, "predictedAnswer");
        Objects.requireNonNull(failure, "failure");
        if ((outcome == Outcome.FAILED) != failure.isPresent()) {
            throw new IllegalArgumentException("outcome " + outcome + " does not agree with failure " + failure);
        }
    }

    /** True only for a proven equivalence; failures are not equivalences. */
    public boolean isTrue() { return outcome == Outcome.TRUE; }

    static Verdict of(boolean equivalent, String gold, String pred) {
        return new Verdict(equivalent ? Outcome.TRUE : Outcome.FALSE, Optional.of(gold), Optional.of(pred), Optional.empty());
    }

    static Verdict failed(Failure why, Optional<String> gold, Optional<String> pred) {
        return new Verdict(Outcome.FAILED, gold, pred, Optional.of(why));
    }
}
