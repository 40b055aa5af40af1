package ai.lyceum.env.feedback;

import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;

/**
 * Error feedback for the cipher: which positions of the last attempt are right. The feedback is in the cipher's
 * hint format, so the embedded model's warm start can read it: {@code _} where the attempt was right, the right
 * letter where it was wrong ({@code __q_x___} for an attempt wrong at positions 3 and 5). A missing or extra letter
 * makes every position from there on wrong.
 */
public final class CipherTeacher implements Policy {
    @Override
    public String describe() { return "cipher-positions"; }

    @Override
    public Completion generate(GenerationRequest request) throws FailureException {
        String answer = request.task().reference().orElseThrow(() -> new FailureException(new Failure.PolicyError(
                "task " + request.task().id() + " has no reference for the cipher teacher")));
        String attempt = FeedbackPrompt.lastAttempt(request.messages()).orElseThrow(() -> new FailureException(
                new Failure.PolicyError("the cipher teacher was shown no attempt on " + request.task().id())));
        return Completion.ofText(feedback(attempt.strip(), answer));
    }

    /** The right letter where {@code attempt} differs from {@code answer}, {@code _} where it agrees. */
    static String feedback(String attempt, String answer) {
        var out = new StringBuilder(answer.length());
        for (int i = 0; i < answer.length(); i++) {
            out.append(i < attempt.length() && attempt.charAt(i) == answer.charAt(i) ? '_' : answer.charAt(i));
        }
        return out.toString();
    }
}
