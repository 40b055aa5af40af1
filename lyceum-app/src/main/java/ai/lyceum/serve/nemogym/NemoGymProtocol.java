package ai.lyceum.serve.nemogym;

import ai.lyceum.failure.Failure;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.serve.FailureBody;
import ai.lyceum.serve.ServedEnvironment;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * NeMo Gym's resources-server routes over a served environment. {@code /verify} reads the prompt from
 * {@code responses_create_params.input}, the answer from the {@code output_text} parts of the response's
 * assistant messages, the reference from {@code expected_answer} (or {@code answer}, {@code reference},
 * {@code label}), and takes every other field of the body as the task's metadata; a {@code task_id} naming one
 * of the environment's tasks scores against that task instead. The reply is the request plus {@code reward},
 * {@code reward_components} when the reward has parts, and {@code failure} when it could not score.
 */
public final class NemoGymProtocol {
    static final String SESSION_COOKIE = "lyceum_session";
    private static final List<String> REFERENCE_FIELDS = List.of("expected_answer", "answer", "reference", "label");
    private static final Set<String> ENVELOPE = Set.of("responses_create_params", "response", "task_id");

    private final ServedEnvironment env;
    private final ObjectMapper json;

    public NemoGymProtocol(ServedEnvironment env, ObjectMapper json) {
        this.env = env;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.post("/seed_session", this::seedSession);
        routes.post("/verify", ctx -> ctx.json(verify(object(ctx, json))));
        routes.post("/aggregate_metrics", ctx -> ctx.json(aggregate(object(ctx, json))));
    }

    /** Sessions carry no state for a verifier; the cookie lets a NeMo Gym agent keep its usual flow. */
    private void seedSession(Context ctx) {
        if (ctx.cookie(SESSION_COOKIE) == null) ctx.cookie(SESSION_COOKIE, UUID.randomUUID().toString());
        ctx.json(json.createObjectNode());
    }

    ObjectNode verify(ObjectNode body) {
        var params = body.get("responses_create_params");
        var response = body.get("response");
        if (params == null || !params.isObject()) throw new IllegalArgumentException("/verify needs an object 'responses_create_params'");
        if (response == null || !response.isObject()) throw new IllegalArgumentException("/verify needs an object 'response'");
        Optional<String> reference = Optional.empty();
        for (var f : REFERENCE_FIELDS) {
            var v = body.get(f);
            if (v != null && !v.isNull()) {
                reference = Optional.of(v.isTextual() ? v.asText() : v.toString());
                break;
            }
        }
        var metadata = new LinkedHashMap<String, Object>();
        body.fields().forEachRemaining(e -> {
            if (!ENVELOPE.contains(e.getKey())) metadata.put(e.getKey(), json.convertValue(e.getValue(), Object.class));
        });
        var taskId = Optional.ofNullable(body.get("task_id")).filter(JsonNode::isTextual).map(JsonNode::asText);
        var out = body.deepCopy();
        RewardResult result;
        try {
            result = env.score(env.taskFor(taskId, promptText(params.get("input")), reference, metadata), responseText(response));
        } catch (IllegalArgumentException e) {
            result = RewardResult.failed(new Failure.RewardError(e.getMessage()));
        }
        out.put("reward", result.value());
        if (!result.components().isEmpty()) out.set("reward_components", json.valueToTree(new TreeMap<>(result.components())));
        result.failure().ifPresent(f -> out.set("failure", json.valueToTree(FailureBody.of(f))));
        return out;
    }

    /** The prompt as text: a string input, or the text of its messages joined by blank lines. */
    static String promptText(JsonNode input) {
        if (input == null || input.isNull()) return "";
        if (input.isTextual()) return input.asText();
        var parts = new ArrayList<String>();
        for (var item : input) {
            var content = item.get("content");
            if (content == null) continue;
            parts.add(content.isTextual() ? content.asText() : texts(content, "input_text"));
        }
        return String.join("\n\n", parts);
    }

    /** The model's answer: the output_text parts of the response's assistant messages, in order. */
    static String responseText(JsonNode response) {
        var parts = new ArrayList<String>();
        for (var item : response.path("output")) {
            if (!"message".equals(item.path("type").asText("message")) || !"assistant".equals(item.path("role").asText("assistant"))) continue;
            var content = item.get("content");
            if (content == null) continue;
            parts.add(content.isTextual() ? content.asText() : texts(content, "output_text"));
        }
        return String.join("\n", parts);
    }

    private static String texts(JsonNode content, String type) {
        var out = new StringBuilder();
        for (var part : content) {
            if (type.equals(part.path("type").asText()) && part.has("text")) {
                if (!out.isEmpty()) out.append('\n');
                out.append(part.get("text").asText());
            }
        }
        return out.toString();
    }

    /**
     * {@code {"verify_responses": [...]}} → per-task group metrics (by {@code _ng_task_index}, else {@code task_id}),
     * overall agent metrics with failures counted by type, and the key metrics to log.
     */
    ObjectNode aggregate(ObjectNode body) {
        var responses = body.get("verify_responses");
        if (responses == null || !responses.isArray()) throw new IllegalArgumentException("/aggregate_metrics needs a list 'verify_responses'");
        var groups = new TreeMap<String, List<Double>>();
        var failures = new TreeMap<String, Integer>();
        double sum = 0;
        int n = 0;
        int failed = 0;
        for (var r : responses) {
            double reward = r.path("reward").asDouble(0);
            var key = r.has("_ng_task_index") ? r.get("_ng_task_index").asText() : r.path("task_id").asText("");
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(reward);
            sum += reward;
            n++;
            if (r.hasNonNull("failure")) {
                failed++;
                failures.merge(r.get("failure").path("type").asText("unknown"), 1, Integer::sum);
            }
        }
        var out = json.createObjectNode();
        var groupLevel = out.putArray("group_level_metrics");
        for (var g : groups.entrySet()) {
            var m = groupLevel.addObject();
            m.put("task", g.getKey());
            m.put("count", g.getValue().size());
            m.put("mean/reward", g.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(0));
            m.put("max/reward", g.getValue().stream().mapToDouble(Double::doubleValue).max().orElse(0));
            m.put("min/reward", g.getValue().stream().mapToDouble(Double::doubleValue).min().orElse(0));
        }
        var agent = out.putObject("agent_metrics");
        agent.put("count", n);
        agent.put("mean/reward", n == 0 ? 0 : sum / n);
        agent.put("failed", failed);
        for (var f : failures.entrySet()) agent.put("failures/" + f.getKey(), f.getValue());
        var key = out.putObject("key_metrics");
        key.put("mean/reward", n == 0 ? 0 : sum / n);
        key.put("failure_rate", n == 0 ? 0 : (double) failed / n);
        return out;
    }

    /** The request body as a JSON object, or a 400 naming what is wrong. */
    public static ObjectNode object(Context ctx, ObjectMapper json) {
        try {
            if (json.readTree(ctx.body()) instanceof ObjectNode o) return o;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(ctx.path() + ": invalid JSON: " + e.getOriginalMessage());
        }
        throw new IllegalArgumentException(ctx.path() + ": the body must be a JSON object");
    }

}
