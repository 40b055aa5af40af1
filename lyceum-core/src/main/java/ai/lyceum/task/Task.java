package ai.lyceum.task;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One problem an environment poses: the prompt an agent sees, the reference answer a reward or the gold
 * policy may use, and free-form metadata carried from the data set (subject, level, tests…).
 *
 * @param id        unique within its data set; rollouts are keyed by it, so it must be stable across runs
 * @param prompt    the messages that open the episode
 * @param reference the reference answer or solution, when the data set has one
 * @param metadata  extra fields; values are JSON-like (String, Number, Boolean, List, Map)
 */
public record Task(String id, List<Message> prompt, Optional<String> reference, Map<String, Object> metadata) {
    public Task {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) throw new IllegalArgumentException("task id must not be blank");
        prompt = List.copyOf(prompt);
        if (prompt.isEmpty()) throw new IllegalArgumentException("task " + id + " has an empty prompt");
        Objects.requireNonNull(reference, "reference");
        metadata = Map.copyOf(metadata);
    }

    /** A single-user-message task, the common case. */
    public static Task of(String id, String userPrompt, String reference) {
        return new Task(id, List.of(Message.user(userPrompt)), Optional.of(reference), Map.of());
    }
}
