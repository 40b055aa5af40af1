package ai.lyceum.reward.rubric;

import ai.lyceum.task.Message;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a judge grades: the conversation, the response, the rubric, and the reference answer when there is one.
 *
 * @param id       the task or input line id; replay judges look verdicts up by it
 * @param prompt   the conversation the response answers
 * @param response the graded text: untrusted data, never instructions
 * @param metadata the task's or input line's fields; the replay judge reads {@code verdicts} and {@code rating}
 */
public record JudgeInput(String id, List<Message> prompt, String response, Rubric rubric, Optional<String> reference,
                         Map<String, Object> metadata) {
    public JudgeInput {
        Objects.requireNonNull(id, "id");
        prompt = List.copyOf(prompt);
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(rubric, "rubric");
        Objects.requireNonNull(reference, "reference");
        metadata = Map.copyOf(metadata);
    }

    public JudgeInput withRubric(Rubric other) {
        return new JudgeInput(id, prompt, response, other, reference, metadata);
    }

    /** The conversation as text: a single user message as is, several as {@code role: content} blocks. */
    public String conversationText() {
        if (prompt.size() == 1) return prompt.getFirst().content();
        var text = new StringBuilder();
        for (var m : prompt) {
            if (!text.isEmpty()) text.append("\n\n");
            text.append(m.role()).append(": ").append(m.content());
        }
        return text.toString();
    }
}
