package ai.lyceum.rollout;

/** Identifies a rollout within a run: which task, which of its k samples. */
public record RolloutKey(String taskId, int sample) {}
