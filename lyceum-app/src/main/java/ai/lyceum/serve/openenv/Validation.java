package ai.lyceum.serve.openenv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads requests the way OpenEnv's Pydantic models do and reports what is wrong as FastAPI does: a 422 body
 * {@code {"detail": [{"type", "loc", "msg", "input"}]}}. Actions are strict ({@code extra="forbid"}); the
 * request envelopes of reset and step allow extra fields, of which Lyceum reads {@code task_id}.
 */
final class Validation {
    /** One or more problems with a request. */
    static final class Invalid extends RuntimeException {
        final List<ObjectNode> detail;

        Invalid(List<ObjectNode> detail) {
            super(detail.getFirst().path("msg").asText() + " at " + detail.getFirst().path("loc"), null, false, false);
            this.detail = List.copyOf(detail);
        }

        ObjectNode body(ObjectMapper json) {
            var body = json.createObjectNode();
            body.putArray("detail").addAll(detail);
            return body;
        }
    }

    private final ObjectMapper json;
    private final List<ObjectNode> problems = new ArrayList<>();

    Validation(ObjectMapper json) { this.json = json; }

    /** A {@link TextAction} from {@code node}, whose location in the request is {@code loc}. */
    static TextAction action(ObjectMapper json, JsonNode node, String... loc) {
        var v = new Validation(json);
        if (!(node instanceof ObjectNode o)) {
            v.problem("model_attributes_type", loc, "Input should be a valid dictionary or object to extract fields from", node);
            throw v.invalid();
        }
        var allowed = List.of("content", "metadata");
        o.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) v.problem("extra_forbidden", append(loc, f), "Extra inputs are not permitted", o.get(f));
        });
        var content = o.get("content");
        if (content == null) v.problem("missing", append(loc, "content"), "Field required", o);
        else if (!content.isTextual()) v.problem("string_type", append(loc, "content"), "Input should be a valid string", content);
        var metadata = o.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            v.problem("dict_type", append(loc, "metadata"), "Input should be a valid dictionary", metadata);
        }
        v.throwIfAny();
        Map<String, Object> meta = metadata == null || metadata.isNull() ? Map.of()
                : json.convertValue(metadata, json.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
        return new TextAction(content.asText(), meta);
    }

    /** The reset envelope: optional non-negative integer {@code seed}, strings {@code episode_id} and {@code task_id}. */
    record Reset(Optional<Long> seed, Optional<String> episodeId, Optional<String> taskId) {
        static final Reset NONE = new Reset(Optional.empty(), Optional.empty(), Optional.empty());
    }

    static Reset reset(ObjectMapper json, JsonNode node, String... loc) {
        if (node == null || node.isNull() || node.isMissingNode()) return Reset.NONE;
        var v = new Validation(json);
        if (!node.isObject()) {
            v.problem("model_attributes_type", loc, "Input should be a valid dictionary or object to extract fields from", node);
            throw v.invalid();
        }
        Optional<Long> seed = Optional.empty();
        var s = node.get("seed");
        if (s != null && !s.isNull()) {
            if (!s.canConvertToLong() || !s.isIntegralNumber()) v.problem("int_type", append(loc, "seed"), "Input should be a valid integer", s);
            else if (s.asLong() < 0) v.problem("greater_than_equal", append(loc, "seed"), "Input should be greater than or equal to 0", s);
            else seed = Optional.of(s.asLong());
        }
        var episodeId = v.optionalString(node, "episode_id", loc);
        var taskId = v.optionalString(node, "task_id", loc);
        v.throwIfAny();
        return new Reset(seed, episodeId, taskId);
    }

    private Optional<String> optionalString(JsonNode node, String field, String... loc) {
        var f = node.get(field);
        if (f == null || f.isNull()) return Optional.empty();
        if (!f.isTextual()) {
            problem("string_type", append(loc, field), "Input should be a valid string", f);
            return Optional.empty();
        }
        return Optional.of(f.asText());
    }

    static Invalid single(ObjectMapper json, String type, String msg, JsonNode input, String... loc) {
        var v = new Validation(json);
        v.problem(type, loc, msg, input);
        return v.invalid();
    }

    private void problem(String type, String[] loc, String msg, JsonNode input) {
        var p = json.createObjectNode();
        p.put("type", type);
        ArrayNode l = p.putArray("loc");
        for (var part : loc) l.add(part);
        p.put("msg", msg);
        p.set("input", input == null ? json.nullNode() : input);
        problems.add(p);
    }

    private void throwIfAny() { if (!problems.isEmpty()) throw invalid(); }

    private Invalid invalid() { return new Invalid(problems); }

    private static String[] append(String[] loc, String last) {
        var out = Arrays.copyOf(loc, loc.length + 1);
        out[loc.length] = last;
        return out;
    }
}
