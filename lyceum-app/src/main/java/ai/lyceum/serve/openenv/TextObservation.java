package ai.lyceum.serve.openenv;

import ai.lyceum.serve.FailureBody;
import ai.lyceum.task.Message;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/**
 * What the environment shows: the messages the acting role must answer, or, when the episode is over, the
 * reward's components and its typed failure if it could not score. On the wire {@code done}, {@code reward} and
 * {@code metadata} are lifted to the top level of a response, as OpenEnv serializes them. Nullable fields mirror
 * OpenEnv's optional ones.
 */
public record TextObservation(
        @JsonPropertyDescription("the conversation the acting role answers next; empty once the episode is over")
        List<Message> messages,
        @JsonPropertyDescription("who acts next; null once the episode is over")
        String role,
        @JsonProperty("task_id") @JsonPropertyDescription("the task this episode runs on")
        String taskId,
        @JsonProperty("reward_components") @JsonPropertyDescription("named parts of the reward, when the episode is over")
        Map<String, Double> rewardComponents,
        @JsonPropertyDescription("why the reward could not score (its type and detail), never a silent 0; null otherwise")
        FailureBody failure,
        @JsonProperty(required = true) boolean done,
        @JsonPropertyDescription("the acting role's reward once the episode is over, else null")
        Double reward,
        Map<String, Object> metadata) {}
