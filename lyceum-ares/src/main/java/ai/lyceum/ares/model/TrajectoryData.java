package ai.lyceum.ares.model;

import java.util.Optional;

/**
 * The recorded trajectory. Arrays are JSON text ({@code list[list[float]]}, T × A), as in ARES; {@code isFirst},
 * {@code isLast} and {@code isTerminal} are step indices, and {@code rewardStep} is −1 when reward 1 is never reached.
 * {@code turns} holds an LLM trajectory's turns (JSON, as the run store keeps them) when the episode is a rollout.
 */
public record TrajectoryData(
        String actions,
        Optional<String> states,
        Optional<String> rewards,
        Optional<Integer> isFirst,
        Optional<Integer> isLast,
        Optional<Integer> isTerminal,
        Optional<Integer> rewardStep,
        Optional<Integer> actionDim,
        Optional<Integer> stateDim,
        Optional<Double> fps,
        Optional<String> turns) {

    public TrajectoryData {
        if (actions == null) throw new IllegalArgumentException("actions JSON is required (use \"[]\" for none)");
    }
}
