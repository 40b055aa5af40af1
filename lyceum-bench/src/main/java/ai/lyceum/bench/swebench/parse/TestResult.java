package ai.lyceum.bench.swebench.parse;

import java.util.Objects;

/** One entry of {@code output.json}: a test name, byte-exact, and its status. */
public record TestResult(String name, TestStatus status) {
    public TestResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
    }
}
