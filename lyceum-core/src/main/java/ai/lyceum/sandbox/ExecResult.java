package ai.lyceum.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How one execution ended.
 *
 * @param outcome  the typed ending; check it before trusting {@code exitCode}
 * @param exitCode the exit status as the sandbox reported it (128 + signal when killed; -1 when never started)
 * @param stdout   standard output, capped at {@link SandboxLimits#outputBytes()}
 * @param stderr   standard error, capped likewise
 * @param wallTime from launch to exit
 * @param detail   a short human-readable reason for any outcome but {@link Outcome#OK}; empty otherwise
 */
public record ExecResult(Outcome outcome, int exitCode, Output stdout, Output stderr, Duration wallTime, String detail) {
    public ExecResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(wallTime, "wallTime");
        Objects.requireNonNull(detail, "detail");
    }

    /** The sandbox itself failed before or around the program: nothing can be concluded about the program. */
    static ExecResult sandboxError(String detail, Duration wallTime) {
        return new ExecResult(Outcome.SANDBOX_ERROR, -1, Output.EMPTY, Output.EMPTY, wallTime, detail);
    }

    /**
     * The ways a run ends, most decisive first: when several apply the first one listed wins (a timed-out program
     * that also filled its output is a {@link #TIMEOUT}).
     */
    public enum Outcome {
        /** The sandbox could not run the program (missing bubblewrap, spawn failure, interrupted caller). */
        SANDBOX_ERROR,
        /** The wall-clock deadline passed and the whole process tree was killed. */
        TIMEOUT,
        /** A resource limit stopped the program: CPU time, memory, file size. */
        LIMIT_EXCEEDED,
        /** The program ran to its end but wrote more than the output cap; what was kept is a prefix. */
        OUTPUT_CAPPED,
        /** The program exited with a non-zero status. */
        NONZERO_EXIT,
        /** The program exited with status 0. */
        OK
    }

    /**
     * Captured bytes of one stream, decoded as UTF-8 (malformed bytes replaced).
     *
     * @param text       the kept prefix
     * @param totalBytes how many bytes the program wrote in all
     * @param truncated  whether bytes past the cap were dropped
     */
    public record Output(String text, long totalBytes, boolean truncated) {
        public static final Output EMPTY = new Output("", 0, false);

        public Output {
            Objects.requireNonNull(text, "text");
            if (totalBytes < 0) throw new IllegalArgumentException("totalBytes must not be negative, was " + totalBytes);
        }
    }
}
