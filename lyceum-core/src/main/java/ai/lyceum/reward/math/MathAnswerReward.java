package ai.lyceum.reward.math;

import ai.lyceum.env.Role;
import ai.lyceum.env.Trajectory;
import ai.lyceum.failure.Failure;
import ai.lyceum.reward.Reward;
import ai.lyceum.reward.RewardResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * 1 when the assistant's last answer is mathematically equivalent to the task's reference, else 0; a typed
 * failure (unparseable, timeout) when it cannot tell. The reference may be a bare answer or a full solution with
 * {@code \boxed{}} or {@code #### n}. Diagnostics carry both extracted answers.
 */
public final class MathAnswerReward implements Reward {
    private final MathVerifier verifier;

    public MathAnswerReward(MathVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** The default verifier with the given per-answer deadline. */
    public MathAnswerReward(Duration deadline) {
        this(new MathVerifier(MathVerifyOptions.defaults().withDeadline(deadline)));
    }

    @Override
    public RewardResult score(Trajectory trajectory) {
        var reference = trajectory.task().reference();
        if (reference.isEmpty()) {
            return RewardResult.failed(new Failure.RewardError("task " + trajectory.task().id() + " has no reference answer"));
        }
        var completion = trajectory.lastBy(Role.ASSISTANT);
        if (completion.isEmpty()) return RewardResult.failed(new Failure.Unparseable("the assistant never answered"));
        var verdict = verifier.verify(reference.get(), completion.get().text());
        var diagnostics = new LinkedHashMap<String, Object>();
        verdict.goldAnswer().ifPresent(g -> diagnostics.put("gold", g));
        verdict.predictedAnswer().ifPresent(p -> diagnostics.put("prediction", Failure.excerpt(p)));
        diagnostics.put("verdict", verdict.outcome().name());
        Optional<Failure> failure = verdict.failure();
        return new RewardResult(verdict.isTrue() ? 1 : 0, Map.of(), diagnostics, failure);
    }
}
