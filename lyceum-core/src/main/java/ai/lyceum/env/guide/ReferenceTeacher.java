package ai.lyceum.env.guide;

import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;

/**
 * The programmatic teacher: it answers with the hint the task carries ({@link Guidance#HINT}), derived from the
 * reference solution by the task's environment. A task without one is a typed failure, never an empty hint.
 */
public final class ReferenceTeacher implements Policy {
    @Override
    public String describe() { return "reference"; }

    @Override
    public Completion generate(GenerationRequest request) throws FailureException {
        var task = request.task();
        return Completion.ofText(Guidance.hintOf(task).orElseThrow(() -> new FailureException(new Failure.PolicyError(
                "task " + task.id() + " carries no hint for the reference teacher; use a model as the teacher"))));
    }
}
