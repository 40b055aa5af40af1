package ai.lyceum.env.guide;

import ai.lyceum.task.Task;
import java.util.HashMap;
import java.util.Optional;

/**
 * Guidance a task carries for a programmatic teacher: metadata {@value #HINT}, derived from its reference solution,
 * and optionally {@value #HINTS}, the same guidance at graded strengths (weakest first, the full hint last).
 */
public final class Guidance {
    /** The metadata key of a task's hint. */
    public static final String HINT = "hint";
    /** The metadata key of a task's hints of graded strength, weakest first. */
    public static final String HINTS = "hints";

    private Guidance() {}

    /** {@code task} carrying {@code hint}. */
    public static Task withHint(Task task, String hint) {
        var metadata = new HashMap<>(task.metadata());
        metadata.put(HINT, hint);
        return new Task(task.id(), task.prompt(), task.reference(), metadata);
    }

    /** {@code task} carrying its hints of graded strength, weakest first; the last is its hint. */
    public static Task withHints(Task task, java.util.List<String> hints) {
        var metadata = new HashMap<>(task.metadata());
        metadata.put(HINT, hints.getLast());
        metadata.put(HINTS, java.util.List.copyOf(hints));
        return new Task(task.id(), task.prompt(), task.reference(), metadata);
    }

    /**
     * The hint at {@code strength} in (0, 1]: of n graded hints, number ⌈strength·n⌉; the task's hint when it
     * carries no graded ones.
     */
    public static Optional<String> hintOf(Task task, double strength) {
        if (!(strength > 0 && strength <= 1)) throw new IllegalArgumentException("hint strength must be in (0, 1], was " + strength);
        if (task.metadata().get(HINTS) instanceof java.util.List<?> hints && !hints.isEmpty()) {
            int i = Math.max(0, (int) Math.ceil(strength * hints.size()) - 1);
            return hints.get(i) instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
        }
        return hintOf(task);
    }

    /** The hint {@code task} carries, if any. */
    public static Optional<String> hintOf(Task task) {
        return task.metadata().get(HINT) instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
    }
}
