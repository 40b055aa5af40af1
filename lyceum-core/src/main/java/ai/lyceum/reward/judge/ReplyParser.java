package ai.lyceum.reward.judge;

import ai.lyceum.json.Json;
import ai.lyceum.reward.rubric.Verdict;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the judge reply contract leniently: the first JSON object (or array) anywhere in the reply, so code fences,
 * prose before and text after are all tolerated. Only a bounded prefix is scanned and only so many candidate
 * openings are tried, so a hostile reply costs little.
 */
public final class ReplyParser {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final int MAX_SCAN = 256 * 1024;
    private static final int MAX_CANDIDATES = 64;

    private ReplyParser() {}

    public static Optional<JsonNode> firstObject(String reply) { return first(reply, '{'); }

    static Optional<JsonNode> firstArray(String reply) { return first(reply, '['); }

    private static Optional<JsonNode> first(String reply, char open) {
        var text = reply.length() > MAX_SCAN ? reply.substring(0, MAX_SCAN) : reply;
        int tried = 0;
        for (int i = text.indexOf(open); i >= 0 && tried < MAX_CANDIDATES; i = text.indexOf(open, i + 1), tried++) {
            try (JsonParser parser = JSON.getFactory().createParser(text.substring(i))) {
                JsonNode node = JSON.readTree(parser);
                if (node != null && (open == '{' ? node.isObject() : node.isArray())) return Optional.of(node);
            } catch (IOException notJsonHere) {
                // try the next opening
            }
        }
        return Optional.empty();
    }

    /** {@code verdict} per the contract, or HealthBench's {@code criteria_met} boolean. */
    static Optional<Verdict> verdict(JsonNode object) {
        var v = object.get("verdict");
        if (v != null && v.isTextual()) return Verdict.parse(v.asText());
        var met = object.get("criteria_met");
        if (met != null && met.isBoolean()) return Optional.of(met.asBoolean() ? Verdict.SATISFIED : Verdict.NOT_SATISFIED);
        return Optional.empty();
    }

    /** An integer rating in 1..10; {@code 7.5} or {@code 11} are rejected. */
    static Optional<Integer> rating(JsonNode object) {
        var r = object.get("rating");
        if (r == null) return Optional.empty();
        int value;
        if (r.isIntegralNumber()) value = r.asInt();
        else if (r.isNumber() && r.asDouble() == Math.rint(r.asDouble())) value = (int) r.asDouble();
        else if (r.isTextual() && r.asText().strip().matches("\\d{1,2}")) value = Integer.parseInt(r.asText().strip());
        else return Optional.empty();
        return value >= 1 && value <= 10 ? Optional.of(value) : Optional.empty();
    }

    /** The reply's other keys (explanation, confidence…), kept as JSON-like values. */
    static Map<String, Object> extras(JsonNode object, Set<String> consumed) {
        var out = new LinkedHashMap<String, Object>();
        object.properties().forEach(e -> {
            if (!consumed.contains(e.getKey()) && !e.getValue().isNull()) {
                out.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class));
            }
        });
        return out;
    }
}
