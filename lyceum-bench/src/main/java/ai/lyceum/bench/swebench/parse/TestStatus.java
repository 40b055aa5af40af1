package ai.lyceum.bench.swebench.parse;

/** The four statuses of the official {@code output.json}. */
public enum TestStatus { PASSED, FAILED, SKIPPED, ERROR }
