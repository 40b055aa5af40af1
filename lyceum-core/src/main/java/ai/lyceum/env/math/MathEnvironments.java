package ai.lyceum.env.math;

import ai.lyceum.dataset.FieldMapping;
import ai.lyceum.dataset.RowMapper;
import ai.lyceum.env.Environment;
import ai.lyceum.env.SingleTurnEnvironment;
import ai.lyceum.policy.Sampling;
import ai.lyceum.reward.math.MathAnswerReward;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Math word and competition problems whose final answer the math verifier checks: GSM8K, MATH-500, AIME 2024,
 * AMC 2023 and Minerva. Each differs only in its file's fields and in how the answer is asked for.
 */
public final class MathEnvironments {
    /** The Qwen-Math instruction most open models are tuned to. */
    static final String BOXED = "\n\nPlease reason step by step, and put your final answer within \\boxed{}.";
    static final String GSM8K = "\n\nSolve the problem step by step. On the last line, write the final answer as '#### <number>'.";
    static final Duration VERIFY_DEADLINE = Duration.ofSeconds(2);

    private MathEnvironments() {}

    /** GSM8K: the reference is the worked solution ending in {@code #### n}. */
    public static Environment gsm8k(Path file) {
        return environment("gsm8k", file, FieldMapping.of("gsm8k", "question", "answer").withTemplate(q -> q + GSM8K), 1024);
    }

    /** MATH-500: reference is the {@code answer} field (LaTeX), ids are the data set's {@code unique_id}. */
    public static Environment math500(Path file) {
        return environment("math500", file,
                FieldMapping.of("math500", "problem", "answer").withIdField("unique_id").withTemplate(p -> p + BOXED), 4096);
    }

    public static Environment aime24(Path file) {
        return environment("aime24", file,
                FieldMapping.of("aime24", "problem", "answer").withIdField("id").withTemplate(p -> p + BOXED), 4096);
    }

    public static Environment amc23(Path file) {
        return environment("amc23", file,
                FieldMapping.of("amc23", "problem", "answer").withIdField("id").withTemplate(p -> p + BOXED), 4096);
    }

    /** Minerva: the answer is the last {@code \boxed{}} of the worked solution, which is the reference as a whole. */
    public static Environment minerva(Path file) {
        RowMapper mapper = row -> new Task(row.text("idx"), List.of(Message.user(row.text("problem") + BOXED)),
                Optional.of(row.text("solution")), FieldMapping.metadata(row));
        return environment("minerva", file, mapper, 4096);
    }

    private static Environment environment(String name, Path file, RowMapper mapper, int maxTokens) {
        return new SingleTurnEnvironment(name, () -> mapper.read(file), new MathAnswerReward(VERIFY_DEADLINE),
                Sampling.DEFAULT.withMaxTokens(maxTokens));
    }
}
