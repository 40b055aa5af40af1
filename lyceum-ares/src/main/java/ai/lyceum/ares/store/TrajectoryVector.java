package ai.lyceum.ares.store;

import java.util.Objects;

/**
 * A trajectory resampled to a fixed number of steps (row-major, {@code steps × features}), not yet normalised:
 * normalisation uses the statistics of its whole group, known only once the group is ingested.
 *
 * @param kind     {@code states} or {@code actions}
 * @param groupKey the (dataset, embodiment) the statistics are shared across
 */
public record TrajectoryVector(String kind, String groupKey, int features, float[] values) {
    public TrajectoryVector {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(groupKey, "groupKey");
        if (features < 1 || values.length % features != 0) {
            throw new IllegalArgumentException(kind + " vector of " + values.length + " values is not a multiple of "
                    + features + " features");
        }
    }
}
