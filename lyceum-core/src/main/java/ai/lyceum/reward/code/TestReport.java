package ai.lyceum.reward.code;

import ai.lyceum.failure.Failure;
import ai.lyceum.sandbox.ExecResult;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of running one candidate program against its tests.
 *
 * @param tests     every planned test, in order, each with its status (tests the process never reached are
 *                  {@link TestResult.Status#NOT_RUN})
 * @param execution how the sandboxed process ended
 * @param failure   present when nothing can be concluded about the candidate (sandbox or harness fault); a
 *                  candidate failing its tests is not a failure
 */
public record TestReport(List<TestResult> tests, ExecResult execution, Optional<Failure> failure) {
    public TestReport {
        tests = List.copyOf(tests);
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(failure, "failure");
    }

    public int total() { return tests.size(); }

    public long passed() { return tests.stream().filter(TestResult::passed).count(); }

    /** True when there is at least one test and every test passed. */
    public boolean allPassed() { return failure.isEmpty() && !tests.isEmpty() && passed() == total(); }

    /** Passed over total; 0 for an empty suite. */
    public double fractionPassed() { return tests.isEmpty() || failure.isPresent() ? 0 : (double) passed() / total(); }
}
