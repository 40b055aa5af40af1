package ai.lyceum.run;

import ai.lyceum.json.Json;
import ai.lyceum.env.Trajectory;
import ai.lyceum.policy.Completion;
import ai.lyceum.reward.RewardResult;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders trajectories and rewards as JSON for the store. Written field by field with a streaming generator: the
 * stored shape is a documented contract (docs/run-store.md), and this runs once per rollout on the hot path.
 */
final class RolloutJson {
    static final ObjectMapper JSON = Json.newMapper();

    private RolloutJson() {}

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String render(Body body) {
        var out = new StringWriter(256);
        try (var g = JSON.getFactory().createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail; a value Jackson cannot write does
        }
        return out.toString();
    }

    static String trajectory(Trajectory trajectory) {
        return render(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("turns");
            for (var turn : trajectory.turns()) {
                g.writeStartObject();
                g.writeStringField("role", turn.role());
                g.writeArrayFieldStart("observation");
                for (var m : turn.observation()) {
                    g.writeStartObject();
                    g.writeStringField("role", m.role());
                    g.writeStringField("content", m.content());
                    g.writeEndObject();
                }
                g.writeEndArray();
                completion(g, turn.completion());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void completion(JsonGenerator g, Completion c) throws IOException {
        g.writeStringField("text", c.text());
        g.writeStringField("finish", c.finish().name().toLowerCase());
        g.writeObjectFieldStart("usage");
        g.writeNumberField("prompt_tokens", c.usage().promptTokens());
        g.writeNumberField("completion_tokens", c.usage().completionTokens());
        g.writeEndObject();
        if (c.tokens().isPresent()) {
            var tokens = c.tokens().get();
            g.writeObjectFieldStart("tokens");
            g.writeFieldName("ids");
            var ids = tokens.ids();
            g.writeArray(ids, 0, ids.length);
            g.writeFieldName("logprobs");
            var lps = tokens.logprobs();
            g.writeArray(lps, 0, lps.length);
            g.writeEndObject();
        }
    }

    static String rewards(Map<String, RewardResult> rewards) {
        return render(g -> {
            g.writeStartObject();
            for (var e : new TreeMap<>(rewards).entrySet()) {
                var r = e.getValue();
                g.writeObjectFieldStart(e.getKey());
                g.writeNumberField("value", r.value());
                g.writeObjectField("components", r.components());
                g.writeObjectField("diagnostics", r.diagnostics());
                if (r.failure().isPresent()) {
                    g.writeObjectFieldStart("failure");
                    g.writeStringField("type", r.failure().get().type());
                    g.writeStringField("detail", r.failure().get().detail());
                    g.writeEndObject();
                } else {
                    g.writeNullField("failure");
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }
}
