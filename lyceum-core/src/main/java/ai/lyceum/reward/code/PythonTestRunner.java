package ai.lyceum.reward.code;

import ai.lyceum.json.Json;
import ai.lyceum.failure.Failure;
import ai.lyceum.sandbox.ExecResult;
import ai.lyceum.sandbox.ExecSpec;
import ai.lyceum.sandbox.Language;
import ai.lyceum.sandbox.Sandbox;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a candidate program against its {@link PythonTests} in one sandboxed Python process, through a harness
 * ({@code harness.py} beside this class) that reports each test on its own. Thread-safe: many rollouts may share
 * one runner; the sandbox bounds how many processes run at once.
 *
 * <p>Trust: the harness announces the tests before the candidate runs and tags its reports with a per-run random
 * nonce, and the candidate's own output goes to stderr; so a candidate that prints, exits early or crashes cannot
 * add passes. A candidate that searches the interpreter's memory for the nonce, or overrides {@code __eq__} to
 * satisfy {@code assert f(x) == y}, can still fool any in-process harness, the official HumanEval one included.
 */
public final class PythonTestRunner {
    /**
     * CPU time per test: every HumanEval gold solution and all but one MBPP gold solution need far less; short
     * enough that a looping test leaves time for the others within the sandbox's limits.
     */
    public static final Duration DEFAULT_PER_TEST_CPU = Duration.ofSeconds(5);
    /** Room for every per-test record; the candidate's own output is on stderr and capped by the sandbox. */
    private static final int MIN_STDOUT_BYTES = 1 << 20;

    private static final ObjectMapper JSON = Json.newMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HARNESS = loadHarness();

    private final Sandbox sandbox;
    private final Duration perTestCpu;

    public PythonTestRunner(Sandbox sandbox) { this(sandbox, DEFAULT_PER_TEST_CPU); }

    public PythonTestRunner(Sandbox sandbox, Duration perTestCpu) {
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
        this.perTestCpu = Objects.requireNonNull(perTestCpu, "perTestCpu");
        if (perTestCpu.isNegative() || perTestCpu.isZero()) {
            throw new IllegalArgumentException("per-test CPU limit must be positive, was " + perTestCpu);
        }
    }

    /** Runs {@code code} (already extracted from the answer) against {@code tests}. */
    public TestReport run(PythonTests tests, String code) {
        var nonce = HexFormat.of().formatHex(randomBytes());
        var spec = ExecSpec.of(Language.PYTHON, HARNESS).withStdin(nonce + "\n" + payload(tests, code));
        var limits = sandbox.limits();
        if (limits.outputBytes() < MIN_STDOUT_BYTES) limits = limits.withOutputBytes(MIN_STDOUT_BYTES);
        var execution = sandbox.run(spec, limits);
        return read(execution, nonce);
    }

    private String payload(PythonTests tests, String code) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("per_test_cpu_seconds", perTestCpu.toMillis() / 1000.0);
        payload.put("program", tests.program(code));
        switch (tests) {
            case PythonTests.CheckFunction check -> {
                payload.put("kind", "check");
                payload.put("test", check.test());
                payload.put("entry_point", check.entryPointName());
                payload.put("setup", check.test());
            }
            case PythonTests.AssertList list -> {
                payload.put("kind", "asserts");
                payload.put("setup", list.setup());
                payload.put("tests", list.asserts());
            }
        }
        try {
            return JSON.writeValueAsString(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a map of strings always serialises
        }
    }

    /** Turns the harness's tagged records into per-test results; any test without a record did not run. */
    static TestReport read(ExecResult execution, String nonce) {
        if (execution.outcome() == ExecResult.Outcome.SANDBOX_ERROR) {
            return new TestReport(List.of(), execution, Optional.of(new Failure.SandboxError(execution.detail())));
        }
        List<String> plan = null;
        var results = new LinkedHashMap<Integer, TestResult>();
        String stopped = null;
        var prefix = nonce + " ";
        for (var line : execution.stdout().text().split("\n")) {
            if (!line.startsWith(prefix)) continue;
            JsonNode record;
            try {
                record = JSON.readTree(line.substring(prefix.length()));
            } catch (IOException e) {
                continue; // a record cut by the output cap
            }
            if (record.has("harness_error")) {
                return new TestReport(List.of(), execution,
                        Optional.of(new Failure.RewardError("test harness: " + record.get("harness_error").asText())));
            }
            if (record.has("plan") && plan == null) {
                plan = new ArrayList<>();
                for (var name : record.get("plan")) plan.add(name.asText());
            } else if (record.has("program_error")) {
                stopped = "the program raised " + record.get("program_error").asText();
            } else if (record.has("setup_error")) {
                stopped = "the test set-up failed: " + record.get("setup_error").asText();
            } else if (record.has("test") && plan != null) {
                int index = record.get("test").asInt();
                if (index >= 0 && index < plan.size()) {
                    results.put(index, new TestResult(plan.get(index), TestResult.Status.fromWire(record.get("status").asText()),
                            record.get("detail").asText()));
                }
            }
        }
        if (plan == null) {
            return new TestReport(List.of(), execution, Optional.of(new Failure.RewardError(
                    "the test harness announced no tests (" + execution.outcome() + ": " + execution.detail() + "; stderr: "
                            + Failure.excerpt(execution.stderr().text()) + ")")));
        }
        var notRun = stopped != null ? stopped : switch (execution.outcome()) {
            case TIMEOUT, LIMIT_EXCEEDED -> "the run was stopped: " + execution.detail();
            default -> "the process ended before this test (" + execution.outcome().name().toLowerCase(java.util.Locale.ROOT)
                    + (execution.detail().isEmpty() ? "" : ": " + execution.detail()) + ")";
        };
        var tests = new ArrayList<TestResult>();
        for (int i = 0; i < plan.size(); i++) {
            tests.add(results.getOrDefault(i, new TestResult(plan.get(i), TestResult.Status.NOT_RUN, notRun)));
        }
        return new TestReport(tests, execution, Optional.empty());
    }

    private static byte[] randomBytes() {
        var bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String loadHarness() {
        try (var in = PythonTestRunner.class.getResourceAsStream("harness.py")) {
            if (in == null) throw new IllegalStateException("harness.py is missing from the classpath beside " + PythonTestRunner.class);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
