package ai.lyceum.env;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.task.Task;
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

    /** Releases what the environment holds (a sandbox, say). */
    @Override
    default void close() {}
}
