package ai.lyceum.env.gsm8k;

import ai.lyceum.dataset.DatasetReader;
import ai.lyceum.dataset.FieldMapping;
import ai.lyceum.env.Environment;
import ai.lyceum.env.SingleTurnEnvironment;
import ai.lyceum.policy.Sampling;
import ai.lyceum.reward.NumericAnswerReward;
import java.nio.file.Path;

/**
 * GSM8K grade-school math (openai/grade-school-math test split, 1,319 problems). The reference is the full
 * worked solution ending in {@code #### <answer>}; the model is asked to end the same way.
 */
public final class Gsm8kEnvironment {
    public static final String NAME = "gsm8k";
    public static final String DEFAULT_FILE = "gsm8k/test.jsonl";

    static final String INSTRUCTIONS =
            "\n\nSolve the problem step by step. On the last line, write the final answer as '#### <number>'.";

    private Gsm8kEnvironment() {}

    public static Environment create(Path tasksFile) {
        var mapping = FieldMapping.of(NAME, "question", "answer").withTemplate(q -> q + INSTRUCTIONS);
        return new SingleTurnEnvironment(NAME, () -> mapping.tasks(DatasetReader.read(tasksFile)),
                new NumericAnswerReward(), Sampling.DEFAULT.withMaxTokens(1024));
    }
}
