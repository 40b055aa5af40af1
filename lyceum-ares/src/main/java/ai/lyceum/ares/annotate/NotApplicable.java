package ai.lyceum.ares.annotate;

import java.util.Objects;

/**
 * The rollout lacks the evidence an annotator needs (no state/action numbers, no frames, no rewards). Not a failure:
 * nothing went wrong, there is simply nothing to compute from, so the runner counts it as skipped by {@link #reason}
 * and writes nothing rather than a made-up value.
 */
public final class NotApplicable extends Exception {
    private final String reason;

    /**
     * @param reason a short stable key that reports count by ({@code no_numeric_trajectory})
     * @param detail what is missing, for the examples a report keeps
     */
    public NotApplicable(String reason, String detail) {
        super(detail, null, false, false); // an expected outcome: no stack trace to fill
        this.reason = Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) throw new IllegalArgumentException("reason must not be blank");
    }

    public String reason() { return reason; }
}
