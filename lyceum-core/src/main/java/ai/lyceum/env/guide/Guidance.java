package ai.lyceum.env.guide;

import ai.lyceum.task.Task;
import java.util.HashMap;
import java.util.Optional;

/** Guidance a task carries for a programmatic teacher: metadata {@value #HINT}, derived from its reference solution. */
public final class Guidance {
    /** The metadata key of a task's hint. */
    public static final String HINT = "hint";

    private Guidance() {}

    /** {@code task} carrying {@code hint}. */
    public static Task withHint(Task task, String hint) {
        var metadata = new HashMap<>(task.metadata());
        metadata.put(HINT, hint);
        return new Task(task.id(), task.prompt(), task.reference(), metadata);
    }

    /** The hint {@code task} carries, if any. */
    public static Optional<String> hintOf(Task task) {
        return task.metadata().get(HINT) instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
    }
}
