package ai.lyceum.serve.openenv;

import ai.lyceum.serve.FailureBody;
import ai.lyceum.task.Message;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * OpenEnv's wire form of a {@link TextObservation}: {@code done} and {@code reward} lifted to the top level beside
 * the observation, and {@code metadata} dropped, as OpenEnv serializes them. A record written straight to text,
 * because building a JSON tree first and editing it cost a tenth of the server's CPU per WebSocket step.
 */
record LiftedObservation(Shown observation, Double reward, boolean done) {
    /** What stays inside {@code observation}. */
    record Shown(List<Message> messages, String role, @JsonProperty("task_id") String taskId,
                 @JsonProperty("reward_components") Map<String, Double> rewardComponents, FailureBody failure) {}

    static LiftedObservation of(TextObservation o) {
        return new LiftedObservation(new Shown(o.messages(), o.role(), o.taskId(), o.rewardComponents(), o.failure()),
                o.reward(), o.done());
    }
}
