package ai.lyceum.run;

import ai.lyceum.rollout.RolloutKey;
import java.util.Optional;

/**
 * A rollout as the run store keeps it: the figures reports need, plus the full rewards and trajectory as JSON.
 *
 * @param reward      the primary role's reward; absent when the rollout failed
 * @param failureType the failure's type ({@code timeout}, {@code http_500}…); absent when it succeeded
 */
public record RolloutRecord(String taskId, int sample, Optional<Double> reward, Optional<String> failureType,
                            Optional<String> failureDetail, String rewardsJson, String trajectoryJson,
                            double durationMs) {
    public RolloutKey key() { return new RolloutKey(taskId, sample); }
}
