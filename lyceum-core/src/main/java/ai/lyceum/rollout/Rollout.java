package ai.lyceum.rollout;

import ai.lyceum.env.Trajectory;
import ai.lyceum.failure.Failure;
import ai.lyceum.reward.RewardResult;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One finished rollout: sample {@code sample} of task {@code taskId}. Either every role was scored, or
 * {@code failure} says why not; {@code trajectory} holds whatever turns happened before a failure.
 *
 * @param primaryRole the role whose reward is the rollout's reward in reports
 */
public record Rollout(String taskId, int sample, Trajectory trajectory, String primaryRole,
                      Map<String, RewardResult> rewards, Optional<Failure> failure, Duration duration) {
    public Rollout {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(trajectory, "trajectory");
        rewards = Map.copyOf(rewards);
        Objects.requireNonNull(failure, "failure");
        if (failure.isEmpty() && !rewards.containsKey(primaryRole)) {
            throw new IllegalArgumentException("rollout " + taskId + "#" + sample + " has no reward for " + primaryRole);
        }
    }

    /** The primary role's reward, absent when the rollout failed. */
    public Optional<Double> reward() {
        return failure.isPresent() ? Optional.empty() : Optional.of(rewards.get(primaryRole).value());
    }
}
