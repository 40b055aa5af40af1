package ai.lyceum.env;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * A learning environment: a set of tasks and the rules of an episode on each. The environment owns the turn
 * order and who acts; it never calls a policy or the trainer itself. The rollout engine drives its
 * {@link Episode}s, mapping each role to a policy, so single-agent, multi-turn and multi-agent environments share
 * one engine.
 */
public interface Environment extends AutoCloseable {
    /** The name {@code --env} selects. */
    String name();

    /** The roles that act in this environment's episodes; the first is the one evaluations report on. */
    default List<String> roles() { return List.of(Role.ASSISTANT); }

    /** The tasks, in a stable order. */
    List<Task> tasks() throws DatasetException;

    /** Starts an episode on one task. Episodes are used by one thread at a time. */
    Episode start(Task task);

    /**
     * The task's prompt with a teacher's {@code guidance} in context, for guided re-attempts (Guide, Agent-RLVR);
     * the answer it asks for is unchanged. By default the guidance follows the last message as a hint.
     */
    default List<Message> withGuidance(Task task, String guidance) {
        var prompt = new ArrayList<>(task.prompt());
        var last = prompt.removeLast();
        prompt.add(new Message(last.role(), last.content() + "\n\nHint from a teacher: " + guidance));
        return prompt;
    }

    /** Releases what the environment holds (a sandbox, say). */
    @Override
    default void close() {}
}
