package ai.lyceum.env.guide;

import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;

/**
 * The programmatic teacher: it answers with the hint the task carries ({@link Guidance#HINT}), derived from the
 * reference solution by the task's environment, or at a graded strength when the task has graded hints. A task
 * without one is a typed failure, never an empty hint.
 */
public final class ReferenceTeacher implements Policy {
    private final double strength;

    /** The full hint. */
    public ReferenceTeacher() { this(1); }

    /** @param strength in (0, 1]: how much of the solution the hint gives away, where the task grades its hints */
    public ReferenceTeacher(double strength) {
        if (!(strength > 0 && strength <= 1)) throw new IllegalArgumentException("hint strength must be in (0, 1], was " + strength);
        this.strength = strength;
    }

    @Override
    public String describe() { return strength == 1 ? "reference" : "reference@" + strength; }

    @Override
    public Completion generate(GenerationRequest request) throws FailureException {
        var task = request.task();
        return Completion.ofText(Guidance.hintOf(task, strength).orElseThrow(() -> new FailureException(new Failure.PolicyError(
                "task " + task.id() + " carries no hint for the reference teacher; use a model as the teacher"))));
    }
}
