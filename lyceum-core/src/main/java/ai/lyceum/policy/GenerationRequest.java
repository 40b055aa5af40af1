package ai.lyceum.policy;

import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.util.List;
import java.util.Objects;

/**
 * What a policy is asked: the conversation so far and how to sample.
 *
 * @param task     the task the episode is about; policies that replay or teach (gold, a teacher) read it,
 *                 remote policies never send it
 * @param messages the conversation the acting role sees
 * @param sampling how to sample
 */
public record GenerationRequest(Task task, List<Message> messages, Sampling sampling) {
    public GenerationRequest {
        Objects.requireNonNull(task, "task");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) throw new IllegalArgumentException("a generation request needs at least one message");
        Objects.requireNonNull(sampling, "sampling");
    }
}
