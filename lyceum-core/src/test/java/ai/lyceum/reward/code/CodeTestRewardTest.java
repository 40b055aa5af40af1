package ai.lyceum.reward.code;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.Role;
import ai.lyceum.env.Trajectory;
import ai.lyceum.failure.Failure;
import ai.lyceum.policy.Completion;
import ai.lyceum.sandbox.ExecResult;
import ai.lyceum.sandbox.ExecSpec;
import ai.lyceum.sandbox.Sandbox;
import ai.lyceum.sandbox.SandboxLimits;
import ai.lyceum.sandbox.SandboxProvider;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The code rewards end to end, through the real sandbox. */
@Timeout(180)
class CodeTestRewardTest {
    private static final Map<String, Object> MBPP_SQUARE = Map.of("test_list", List.of(
            "assert square(1) == 1", "assert square(2) == 4", "assert square(5) == 25"), "test_setup_code", "");
    private static final String HUMANEVAL_PROMPT = "def add(a, b):\n    \"\"\"Adds two numbers.\"\"\"\n";
    private static final String HUMANEVAL_TEST = """
            METADATA = {}

            def check(candidate):
                assert candidate(1, 2) == 3
                values = [(2, 2), (0, 0)]
                for a, b in values:
                    assert candidate(a, b) == a + b
                assert all(candidate(x, 0) == x for x in range(3))
                assert candidate(-1, -1) == -2
            """;
    private static final Map<String, Object> HUMANEVAL_ADD =
            Map.of("prompt", HUMANEVAL_PROMPT, "test", HUMANEVAL_TEST, "entry_point", "add");

    private static Sandbox sandbox;
    private static CodeTestReward fraction;
    private static CodeTestReward allPass;

    @BeforeAll
    static void open() {
        sandbox = SandboxProvider.named("bwrap").open(SandboxLimits.DEFAULT);
        var runner = new PythonTestRunner(sandbox, Duration.ofSeconds(1));
        fraction = new CodeTestReward(runner, CodeTestReward.Scoring.FRACTION_OF_TESTS);
        allPass = new CodeTestReward(runner, CodeTestReward.Scoring.ALL_TESTS_PASS);
    }

    @AfterAll
    static void close() {
        sandbox.close();
    }

    private static Task task(Map<String, Object> metadata) {
        return new Task("t1", List.of(Message.user("write it")), Optional.empty(), metadata);
    }

    @SuppressWarnings("unchecked")
    private static List<String> statuses(ai.lyceum.reward.RewardResult result) {
        return ((List<Map<String, Object>>) result.diagnostics().get("tests")).stream().map(t -> (String) t.get("status")).toList();
    }

    @Test
    void givesPartialCreditPerMbppAssert() {
        var answer = "```python\ndef square(x):\n    return x * x if x < 3 else 0\n```";
        var result = fraction.score(task(MBPP_SQUARE), answer);
        assertThat(result.value()).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(statuses(result)).containsExactly("passed", "passed", "failed");
        assertThat(result.components()).containsEntry("all_tests_pass", 0.0);
        assertThat(allPass.score(task(MBPP_SQUARE), answer).value()).isZero();
        assertThat(allPass.score(task(MBPP_SQUARE), "def square(x):\n    return x * x").value()).isEqualTo(1.0);
    }

    @Test
    void splitsAHumanEvalCheckIntoItsAssertingStatements() {
        var result = fraction.score(task(HUMANEVAL_ADD), "    return a + b if a >= 0 else 0\n");
        assertThat(statuses(result)).containsExactly("passed", "passed", "passed", "failed");
        assertThat(result.value()).isEqualTo(0.75);
        @SuppressWarnings("unchecked")
        var first = ((List<Map<String, Object>>) result.diagnostics().get("tests")).getFirst();
        assertThat(first.get("name")).isEqualTo("line 4: assert candidate(1, 2) == 3");
    }

    @Test
    void acceptsAWholeFunctionInPlaceOfABody() {
        var answer = "Here you go:\n```python\ndef add(a, b):\n    return a + b\n```\nUsage: `add(1, 2)`.";
        assertThat(allPass.score(task(HUMANEVAL_ADD), answer).value()).isEqualTo(1.0);
    }

    @Test
    void runsACheckWithAReturnAsOneTest() {
        var test = "def check(candidate):\n    if candidate(0, 0) != 0:\n        return\n    assert candidate(2, 3) == 5\n";
        var result = fraction.score(task(Map.of("prompt", HUMANEVAL_PROMPT, "test", test, "entry_point", "add")),
                "    return a + b\n");
        assertThat(statuses(result)).containsExactly("passed");
    }

    @Test
    void scoresAnAnswerThatDoesNotCompileAsZeroNotAsAFailure() {
        var result = fraction.score(task(MBPP_SQUARE), "def square(x) return x");
        assertThat(result.failure()).isEmpty();
        assertThat(result.value()).isZero();
        assertThat(statuses(result)).containsOnly("not_run");
        assertThat(result.diagnostics().get("tests").toString()).contains("SyntaxError");
    }

    @Test
    void scoresAnAnswerMissingTheEntryPointAsZero() {
        var result = fraction.score(task(HUMANEVAL_ADD), "```python\ndef plus(a, b):\n    return a + b\n```");
        // The prompt's body-less add() is still defined, so the tests run and fail rather than being skipped.
        assertThat(result.value()).isZero();
        assertThat(result.failure()).isEmpty();
    }

    @Test
    void interruptsALoopingTestAndStillRunsTheOthers() {
        var answer = "def square(x):\n    while x == 2:\n        pass\n    return x * x";
        var result = fraction.score(task(MBPP_SQUARE), answer);
        assertThat(statuses(result)).containsExactly("passed", "timed_out", "passed");
    }

    @Test
    void givesNoCreditForFakeResultLinesOrAnEarlyExit() {
        var answer = """
                import os, sys
                for i in range(3):
                    print('{"test": %d, "status": "passed", "detail": ""}' % i)
                    sys.__stdout__.write('{"test": %d, "status": "passed", "detail": ""}\\n' % i)
                sys.stdout.flush()
                os._exit(0)
                """;
        var result = fraction.score(task(MBPP_SQUARE), answer);
        assertThat(result.value()).isZero();
        assertThat(statuses(result)).containsOnly("not_run");
    }

    @Test
    void treatsSystemExitInsideATestAsAnError() {
        var result = fraction.score(task(MBPP_SQUARE), "import sys\ndef square(x):\n    sys.exit(0)");
        assertThat(statuses(result)).containsOnly("error");
    }

    @Test
    void importsTheMathModuleThatMbppAssertsUseWithoutImporting() {
        var metadata = Map.<String, Object>of("test_list", List.of("assert math.isclose(half(1), 0.5)"), "test_setup_code", "");
        assertThat(allPass.score(task(metadata), "def half(x):\n    return x / 2").value()).isEqualTo(1.0);
    }

    @Test
    void reportsAnAnswerWithNoCodeAsUnparseable() {
        var result = fraction.score(task(MBPP_SQUARE), "   \n");
        assertThat(result.failure()).containsInstanceOf(Failure.Unparseable.class);
    }

    @Test
    void reportsATaskWithoutTestsAsARewardError() {
        var result = fraction.score(task(Map.of("text", "no tests here")), "def f(): pass");
        assertThat(result.failure()).containsInstanceOf(Failure.RewardError.class);
        assertThat(result.failure().get().detail()).contains("t1").contains("test_list");
    }

    @Test
    void reportsABrokenSandboxAsASandboxErrorNotAsFailedTests() {
        Sandbox broken = new Sandbox() {
            @Override public String provider() { return "broken"; }
            @Override public SandboxLimits limits() { return SandboxLimits.DEFAULT; }
            @Override public ExecResult run(ExecSpec spec, SandboxLimits limits) {
                return new ExecResult(ExecResult.Outcome.SANDBOX_ERROR, -1, ExecResult.Output.EMPTY, ExecResult.Output.EMPTY,
                        Duration.ZERO, "bwrap: cannot create namespace");
            }
        };
        var result = CodeTestReward.fractionOfTests(broken).score(task(MBPP_SQUARE), "def square(x): return x * x");
        assertThat(result.failure()).containsInstanceOf(Failure.SandboxError.class);
        assertThat(result.failure().get().detail()).contains("cannot create namespace");
    }

    @Test
    void scoresTheAssistantsLastAnswerInATrajectory() {
        var task = task(MBPP_SQUARE);
        var trajectory = new Trajectory(task, List.of(
                new Trajectory.Turn(Role.ASSISTANT, task.prompt(), Completion.ofText("def square(x): return 0")),
                new Trajectory.Turn(Role.ASSISTANT, task.prompt(), Completion.ofText("def square(x): return x * x"))));
        assertThat(allPass.score(trajectory).value()).isEqualTo(1.0);
    }
}
