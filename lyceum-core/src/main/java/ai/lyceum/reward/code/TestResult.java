package ai.lyceum.reward.code;

import java.util.Map;
import java.util.Objects;

/**
 * How one test of a suite went.
 *
 * @param name   where the test comes from ({@code "test 2: assert f(3) == 9"}, {@code "line 12: assert ..."})
 * @param status what happened
 * @param detail the exception or reason, short; empty for a pass
 */
public record TestResult(String name, Status status, String detail) {
    public TestResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public boolean passed() { return status == Status.PASSED; }

    /** A JSON-like view for {@link ai.lyceum.reward.RewardResult#diagnostics()}. */
    public Map<String, Object> toMap() {
        return Map.of("name", name, "status", status.wire(), "detail", detail);
    }

    public enum Status {
        /** Ran to its end without raising. */
        PASSED,
        /** An assertion failed. */
        FAILED,
        /** The code raised something other than an assertion error. */
        ERROR,
        /** The test ran past its own time limit and was interrupted. */
        TIMED_OUT,
        /** Never ran: the program, the set-up or the process ended before it. */
        NOT_RUN;

        public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }

        static Status fromWire(String wire) {
            return switch (wire) {
                case "passed" -> PASSED;
                case "failed" -> FAILED;
                case "error" -> ERROR;
                case "timed_out" -> TIMED_OUT;
                default -> throw new IllegalArgumentException("unknown test status '" + wire + "'");
            };
        }
    }
}
