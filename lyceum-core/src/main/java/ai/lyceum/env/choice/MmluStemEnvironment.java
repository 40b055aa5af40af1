package ai.lyceum.env.choice;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.dataset.FieldMapping;
import ai.lyceum.dataset.Row;
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
 * MMLU-STEM multiple choice: the question with lettered choices; the reference is the correct letter, which the
 * math verifier's choice extraction finds in an answer ("Answer: C", "(C)", "\boxed{C}").
 */
public final class MmluStemEnvironment {
    public static final String NAME = "mmlu-stem";
    static final String LETTERS = "ABCDEFGHIJ";

    private MmluStemEnvironment() {}

    public static Environment create(Path file) {
        return new SingleTurnEnvironment(NAME, () -> ((ai.lyceum.dataset.RowMapper) MmluStemEnvironment::task).read(file),
                new MathAnswerReward(Duration.ofSeconds(1)), Sampling.DEFAULT.withMaxTokens(2048));
    }

    /** The data set's items as questions with lettered options, for environments that rewrite the prompt (cues). */
    public static List<McqItem> items(Path file) throws DatasetException {
        var out = new java.util.ArrayList<McqItem>();
        for (Row row : ai.lyceum.dataset.DatasetReader.read(file)) out.add(item(row));
        return out;
    }

    static McqItem item(Row row) throws DatasetException {
        var choices = row.node("choices");
        if (!choices.isArray() || choices.isEmpty() || choices.size() > LETTERS.length()) {
            throw new DatasetException(row.location() + ": 'choices' must be a list of 1 to 10 options");
        }
        var options = new java.util.ArrayList<String>();
        for (var c : choices) options.add(c.asText());
        return new McqItem(NAME + "-" + row.index(), row.text("question"), options, letter(row, choices.size()));
    }

    static Task task(Row row) throws DatasetException {
        var choices = row.node("choices");
        if (!choices.isArray() || choices.isEmpty() || choices.size() > LETTERS.length()) {
            throw new DatasetException(row.location() + ": 'choices' must be a list of 1 to 10 options");
        }
        var prompt = new StringBuilder(row.text("question")).append("\n\n");
        for (int i = 0; i < choices.size(); i++) {
            prompt.append(LETTERS.charAt(i)).append(". ").append(choices.get(i).asText()).append('\n');
        }
        prompt.append("\nThink it through, then give the letter of the correct choice on the last line as 'Answer: X'.");
        String letter = String.valueOf(letter(row, choices.size()));
        return new Task(NAME + "-" + row.index(), List.of(Message.user(prompt.toString())), Optional.of(letter),
                FieldMapping.metadata(row));
    }

    private static char letter(Row row, int choices) throws DatasetException {
        var answer = row.text("answer").strip();
        if (answer.matches("\\d+") && Integer.parseInt(answer) < choices) {
            return LETTERS.charAt(Integer.parseInt(answer)); // this file stores the 0-based index
        } else if (answer.length() == 1 && LETTERS.indexOf(answer.toUpperCase()) >= 0) {
            return answer.toUpperCase().charAt(0);
        }
        throw new DatasetException(row.location() + ": 'answer' must be a choice index or letter, was '" + answer + "'");
    }
}
