package ai.lyceum.serve.openenv;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** What the acting role sends: its reply. Strict, as OpenEnv's actions are: unknown fields are rejected. */
public record TextAction(
        @JsonProperty(required = true) @JsonPropertyDescription("the acting role's reply, as the model wrote it")
        String content,
        @JsonPropertyDescription("free-form data carried with the action; not read by the environment")
        Map<String, Object> metadata) {}
