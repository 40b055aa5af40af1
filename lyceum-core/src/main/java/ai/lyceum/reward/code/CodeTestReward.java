package ai.lyceum.reward.code;

import ai.lyceum.env.Role;
import ai.lyceum.env.Trajectory;
import ai.lyceum.failure.Failure;
import ai.lyceum.reward.Reward;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.sandbox.Sandbox;
import ai.lyceum.task.Task;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Scores a code answer by running its tests in a sandbox: {@link Scoring#ALL_TESTS_PASS} (1 or 0, the pass@k
 * convention) or {@link Scoring#FRACTION_OF_TESTS} (partial credit). Both report every test in the diagnostics
 * and both components, so a run can be re-read under the other scoring.
 *
 * <p>What is a failure and what is a score: an answer that fails tests, does not compile, times out or blows its
 * memory scores what it passed; an answer with no code at all is {@link Failure.Unparseable}; a task without tests
 * or a broken harness is a {@link Failure.RewardError}; a sandbox that cannot run is a {@link Failure.SandboxError}.
 */
public final class CodeTestReward implements Reward {
    public enum Scoring { ALL_TESTS_PASS, FRACTION_OF_TESTS }

    private final PythonTestRunner runner;
    private final Scoring scoring;
    private final Function<Task, Optional<PythonTests>> testsOf;

    /** Reads each task's tests from its metadata ({@link PythonTests#fromMetadata}). */
    public CodeTestReward(PythonTestRunner runner, Scoring scoring) {
        this(runner, scoring, task -> PythonTests.fromMetadata(task.metadata()));
    }

    public CodeTestReward(PythonTestRunner runner, Scoring scoring, Function<Task, Optional<PythonTests>> testsOf) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.scoring = Objects.requireNonNull(scoring, "scoring");
        this.testsOf = Objects.requireNonNull(testsOf, "testsOf");
    }

    /** 1 when every test passes, else 0; tests read from task metadata. */
    public static CodeTestReward allTestsPass(Sandbox sandbox) {
        return new CodeTestReward(new PythonTestRunner(sandbox), Scoring.ALL_TESTS_PASS);
    }

    /** The fraction of tests passed; tests read from task metadata. */
    public static CodeTestReward fractionOfTests(Sandbox sandbox) {
        return new CodeTestReward(new PythonTestRunner(sandbox), Scoring.FRACTION_OF_TESTS);
    }

    @Override
    public RewardResult score(Trajectory trajectory) {
        return trajectory.lastBy(Role.ASSISTANT)
                .map(completion -> score(trajectory.task(), completion.text()))
                .orElseGet(() -> RewardResult.failed(new Failure.RewardError(
                        "task " + trajectory.task().id() + ": the assistant never answered")));
    }

    /** Scores one answer to {@code task}; the answer may be fenced Markdown or raw code. */
    public RewardResult score(Task task, String answer) {
        var tests = testsOf.apply(task);
        if (tests.isEmpty()) {
            return RewardResult.failed(new Failure.RewardError("task " + task.id()
                    + " carries no tests (metadata needs prompt, test and entry_point, or test_list)"));
        }
        var code = CodeExtractor.python(answer, tests.get().entryPoint());
        if (code.isEmpty()) return RewardResult.failed(new Failure.Unparseable(Failure.excerpt(answer)));
        var report = runner.run(tests.get(), code.get().code());
        if (report.failure().isPresent()) return RewardResult.failed(report.failure().get());

        var components = Map.of("all_tests_pass", report.allPassed() ? 1.0 : 0.0, "fraction_of_tests", report.fractionPassed());
        var diagnostics = new LinkedHashMap<String, Object>();
        diagnostics.put("passed", report.passed());
        diagnostics.put("total", report.total());
        diagnostics.put("tests", report.tests().stream().map(TestResult::toMap).toList());
        diagnostics.put("code_source", code.get().source().name().toLowerCase(java.util.Locale.ROOT));
        diagnostics.put("execution", report.execution().outcome().name().toLowerCase(java.util.Locale.ROOT));
        diagnostics.put("execution_detail", report.execution().detail());
        diagnostics.put("wall_ms", report.execution().wallTime().toMillis());
        diagnostics.put("stderr", Failure.excerpt(report.execution().stderr().text()));
        double value = scoring == Scoring.ALL_TESTS_PASS ? components.get("all_tests_pass") : components.get("fraction_of_tests");
        return new RewardResult(value, components, diagnostics, Optional.empty());
    }
}
