package ai.lyceum.env.feedback;

import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;

/**
 * Error feedback relayed from the verifier: the report on the student's last attempt, as the environment wrote it
 * for the teacher — countdown's verdict ({@code uses 7 twice, given once}, {@code evaluates to 23, not 24}), or
 * the failing tests and stderr of a code reward in the sandbox. The report never holds the reference answer.
 */
public final class VerifierTeacher implements Policy {
    @Override
    public String describe() { return "verifier-report"; }

    @Override
    public Completion generate(GenerationRequest request) throws FailureException {
        String report = FeedbackPrompt.lastReport(request.messages()).orElseThrow(() -> new FailureException(
                new Failure.PolicyError("the verifier teacher was shown no report on " + request.task().id())));
        var lines = report.lines().filter(l -> !l.startsWith("reward: ")).toList();
        return Completion.ofText(lines.isEmpty() ? "" : "Your last answer was wrong: " + String.join("; ", lines));
    }
}
