package ai.lyceum.env.code;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.dataset.FieldMapping;
import ai.lyceum.dataset.Row;
import ai.lyceum.dataset.RowMapper;
import ai.lyceum.env.Environment;
import ai.lyceum.env.SingleTurnEnvironment;
import ai.lyceum.policy.Sampling;
import ai.lyceum.reward.code.CodeTestReward;
import ai.lyceum.sandbox.Sandbox;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Python programming environments whose answers run against the data set's tests in a sandbox: HumanEval
 * (all tests must pass) and MBPP (all asserts must pass; the per-assert results are in the diagnostics). Each
 * task's metadata is its data-set row, which is where the code reward finds the tests.
 */
public final class CodeEnvironments {
    static final String FORMAT = "Reply with the complete Python code in one ```python code block.";

    private CodeEnvironments() {}

    /** HumanEval: the reference is the prompt completed by the canonical solution. */
    public static Environment humaneval(Path file, Sandbox sandbox) {
        RowMapper mapper = row -> task(row, row.text("task_id"),
                "Complete the following Python function.\n\n```python\n" + row.text("prompt") + "```\n\n" + FORMAT,
                row.text("prompt") + row.text("canonical_solution"));
        return environment("humaneval", file, mapper, sandbox);
    }

    /** MBPP (sanitized): the problem statement with its tests shown, as in the original benchmark's prompt. */
    public static Environment mbpp(Path file, Sandbox sandbox) {
        RowMapper mapper = row -> {
            var tests = row.node("test_list");
            if (!tests.isArray() || tests.isEmpty()) throw new DatasetException(row.location() + ": 'test_list' must be a non-empty list");
            var prompt = new StringBuilder(row.text("text")).append("\nYour code should pass these tests:\n\n");
            for (var t : tests) prompt.append(t.asText()).append('\n');
            return task(row, row.text("task_id"), prompt + "\n" + FORMAT, row.text("code"));
        };
        return environment("mbpp", file, mapper, sandbox);
    }

    private static Task task(Row row, String id, String prompt, String referenceCode) {
        return new Task(id, List.of(Message.user(prompt)), Optional.of("```python\n" + referenceCode.strip() + "\n```"),
                FieldMapping.metadata(row));
    }

    private static Environment environment(String name, Path file, RowMapper mapper, Sandbox sandbox) {
        return new SingleTurnEnvironment(name, () -> mapper.read(file), CodeTestReward.allTestsPass(sandbox),
                Sampling.DEFAULT.withMaxTokens(2048), sandbox);
    }
}
