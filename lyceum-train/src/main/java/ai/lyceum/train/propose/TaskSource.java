package ai.lyceum.train.propose;

import java.util.Arrays;

/** Where the solver's training tasks come from: the arms of the proposer experiment. */
public enum TaskSource {
    /** The model's proposer role writes them, rewarded by how learnable they proved. */
    PROPOSER("proposer"),
    /** Each task's difficulty (operand digits) uniform over 1 … the longest. */
    RANDOM("random"),
    /** A fixed easy→hard schedule: the difficulty rises linearly from 1 digit to the longest over the run. */
    CURRICULUM("curriculum");

    private final String label;

    TaskSource(String label) { this.label = label; }

    public String label() { return label; }

    public static TaskSource named(String label) {
        return Arrays.stream(values()).filter(s -> s.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown arm '" + label + "'; arms are "
                        + Arrays.stream(values()).map(TaskSource::label).toList()));
    }

    /** The curriculum's difficulty at {@code step} of {@code steps}: 1 at the start, {@code max} over the last stretch. */
    public static int curriculumLevel(int step, int steps, int max) {
        return Math.min(max, 1 + (int) ((long) step * max / steps));
    }
}
