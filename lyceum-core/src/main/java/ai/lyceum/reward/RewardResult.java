package ai.lyceum.reward;

import ai.lyceum.failure.Failure;
import java.util.Map;
import java.util.Optional;

/**
 * What a reward concluded about one trajectory.
 *
 * @param value       the scalar reward (0 when {@code failure} is present; reports count failures apart)
 * @param components  named parts of the value (for composite rewards)
 * @param diagnostics what a person needs to see why (extracted answer, per-test results…); JSON-like values
 * @param failure     why the reward could not score, if it could not
 */
public record RewardResult(double value, Map<String, Double> components, Map<String, Object> diagnostics,
                           Optional<Failure> failure) {
    public RewardResult {
        if (!Double.isFinite(value)) throw new IllegalArgumentException("reward must be finite, was " + value);
        components = Map.copyOf(components);
        diagnostics = Map.copyOf(diagnostics);
    }

    public static RewardResult of(double value, Map<String, Object> diagnostics) {
        return new RewardResult(value, Map.of(), diagnostics, Optional.empty());
    }

    public static RewardResult failed(Failure why) {
        return new RewardResult(0, Map.of(), Map.of(), Optional.of(why));
    }
}
