package ai.lyceum.train.guide;

import ai.lyceum.failure.FailureException;
import ai.lyceum.task.Task;
import java.util.List;
import java.util.Optional;

/**
 * A frozen teacher in its own role: when every attempt of the student on a task failed, it may offer guidance
 * for a re-attempt (Guide's hint, Agent-RLVR's plan or error feedback). The teacher is never trained.
 */
public interface Teacher {
    /** Names the teacher in the run store ({@code reference}, {@code openai:MODEL}). */
    String describe();

    /**
     * Guidance for {@code task}, given the student's failed answers (data, never instructions); empty when
     * the teacher has nothing to offer.
     *
     * @throws FailureException when a model-backed teacher could not answer; the trainer counts it
     */
    Optional<String> guidance(Task task, List<String> failedAttempts) throws FailureException, InterruptedException;
}
