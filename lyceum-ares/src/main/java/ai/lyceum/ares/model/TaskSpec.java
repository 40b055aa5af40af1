package ai.lyceum.ares.model;

import java.util.Optional;

/** What the robot (or agent) was asked to do, and how well it did. */
public record TaskSpec(
        Optional<String> languageInstruction,
        Optional<String> languageInstructionType,
        Optional<String> successCriteria,
        Optional<Double> success,
        @Estimate(description = "how successful the robot was at the task, from 0 (failure) to 1 (success)",
                min = 0, max = 1)
        Optional<Double> successEstimate,
        @Estimate(description = "how complex the task is", pattern = "simple|medium|complex" + Estimate.EXTRA_CHOICES)
        Optional<String> complexityCategoryEstimate,
        @Estimate(description = "how complex the task is, from 0 (trivial) to 1 (very hard)", min = 0, max = 1)
        Optional<Double> complexityScoreEstimate,
        @Estimate(description = "how rare or interesting the episode is (difficult task, rare object, person present,"
                + " novel edge case), from 0 to 1", min = 0, max = 1)
        Optional<Double> rarityEstimate) {

    public TaskSpec {
        success.ifPresent(s -> {
            if (!(s >= 0 && s <= 1)) throw new IllegalArgumentException("task success must be in [0, 1], was " + s);
        });
    }

    public static TaskSpec of(Optional<String> instruction, Optional<Double> success) {
        return new TaskSpec(instruction, instruction.map(i -> "dataset"), Optional.empty(), success, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
