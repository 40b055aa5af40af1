package ai.lyceum.ares.model;

import java.util.Optional;

/**
 * Model-free statistics of a trajectory, filled by the {@code stats} annotator. Ranges are JSON arrays per dimension.
 *
 * @param pathLength     summed Euclidean step length of the state (or the action when there is no state)
 * @param meanJerk       mean norm of the third finite difference of the action, per second cubed
 * @param idleFraction   share of steps whose action changes by less than 1% of its range
 * @param gripperEvents  open/close transitions of the last action dimension (the usual gripper channel)
 */
public record TrajectoryStats(
        Optional<Double> durationS,
        Optional<Double> pathLength,
        Optional<Double> meanJerk,
        Optional<Double> idleFraction,
        Optional<Integer> gripperEvents,
        Optional<String> actionMin,
        Optional<String> actionMax,
        Optional<String> stateMin,
        Optional<String> stateMax) {

    public static TrajectoryStats empty() {
        return new TrajectoryStats(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
