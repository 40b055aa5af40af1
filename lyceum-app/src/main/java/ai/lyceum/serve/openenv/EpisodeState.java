package ai.lyceum.serve.openenv;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The session's state: OpenEnv's {@code episode_id} and {@code step_count}, plus the task and whether it is over. */
public record EpisodeState(
        @JsonProperty("episode_id") String episodeId,
        @JsonProperty(value = "step_count", required = true) int stepCount,
        @JsonProperty("task_id") String taskId,
        @JsonProperty(required = true) boolean done) {}
