package ai.lyceum.policy.gold;

import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;

/**
 * Replays each task's reference answer. An environment and its reward are only trustworthy if the gold answer
 * scores full marks, so this is how environments and scorers are validated.
 */
public final class GoldPolicy implements Policy {
    @Override
    public String describe() { return "gold"; }

    @Override
    public Completion generate(GenerationRequest request) throws FailureException {
        var task = request.task();
        var reference = task.reference().orElseThrow(() -> new FailureException(
                new Failure.PolicyError("task " + task.id() + " has no reference answer to replay")));
        return Completion.ofText(reference);
    }
}
