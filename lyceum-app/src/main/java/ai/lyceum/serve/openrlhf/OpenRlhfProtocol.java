package ai.lyceum.serve.openrlhf;

import ai.lyceum.failure.Failure;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.serve.FailureBody;
import ai.lyceum.serve.ServedEnvironment;
import ai.lyceum.serve.nemogym.NemoGymProtocol;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /get_reward}: {@code {"query": [...], "prompts": [...], "labels": [...]}} →
 * {@code {"rewards": [...], "scores": [...], "extra_logs": {...}, "failures": [...]}}.
 *
 * <p>Each {@code query} is the prompt followed by the response (special tokens kept), so the response is the query
 * with its prompt removed. A label is the reference answer; a label that is a JSON object names the environment's
 * task by {@code task_id} (its tests, rubric or answer are then the environment's) or carries {@code reference}
 * and extra metadata. {@code scores} are the rewards clipped to [0, 1], which OpenRLHF's dynamic filtering reads.
 * A sample whose reward failed has reward 0 and its typed failure at the same index of {@code failures} (null
 * elsewhere); {@code extra_logs.reward_failed} counts it in the trainer's own logs.
 */
public final class OpenRlhfProtocol {
    private final ServedEnvironment env;
    private final ObjectMapper json;

    public OpenRlhfProtocol(ServedEnvironment env, ObjectMapper json) {
        this.env = env;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.post("/get_reward", ctx -> ctx.json(getReward(NemoGymProtocol.object(ctx, json))));
    }

    ObjectNode getReward(ObjectNode body) {
        var query = list(body, "query", true);
        var prompts = list(body, "prompts", false);
        var labels = list(body, "labels", false);
        int n = query.size();
        if (prompts != null && prompts.size() != n) throw new IllegalArgumentException("'prompts' has " + prompts.size() + " items, 'query' " + n);
        if (labels != null && labels.size() != n) throw new IllegalArgumentException("'labels' has " + labels.size() + " items, 'query' " + n);
        var out = json.createObjectNode();
        var rewards = out.putArray("rewards");
        var scores = out.putArray("scores");
        var logs = out.putObject("extra_logs");
        var failed = logs.putArray("reward_failed");
        var failures = out.putArray("failures");
        for (int i = 0; i < n; i++) {
            var result = score(query.get(i).asText(), prompts == null ? "" : prompts.get(i).asText(),
                    labels == null ? null : labels.get(i));
            rewards.add(result.value());
            scores.add(Math.max(0, Math.min(1, result.value())));
            failed.add(result.failure().isPresent() ? 1.0 : 0.0);
            if (result.failure().isPresent()) failures.addPOJO(FailureBody.of(result.failure().get()));
            else failures.addNull();
        }
        return out;
    }

    private RewardResult score(String query, String prompt, JsonNode label) {
        String response;
        if (query.startsWith(prompt)) response = query.substring(prompt.length());
        else return RewardResult.failed(new Failure.Unparseable("query does not begin with its prompt: " + Failure.excerpt(query)));
        Optional<String> taskId = Optional.empty();
        Optional<String> reference = Optional.empty();
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (label != null && !label.isNull()) {
            var parsed = asObject(label);
            if (parsed.isPresent()) {
                var o = parsed.get();
                taskId = Optional.ofNullable(o.get("task_id")).map(JsonNode::asText);
                reference = Optional.ofNullable(o.get("reference")).map(r -> r.isTextual() ? r.asText() : r.toString());
                o.fields().forEachRemaining(e -> {
                    if (!e.getKey().equals("task_id") && !e.getKey().equals("reference")) {
                        metadata.put(e.getKey(), json.convertValue(e.getValue(), Object.class));
                    }
                });
            } else {
                reference = Optional.of(label.isTextual() ? label.asText() : label.toString());
            }
        }
        try {
            return env.score(env.taskFor(taskId, prompt, reference, metadata), response);
        } catch (IllegalArgumentException e) {
            return RewardResult.failed(new Failure.RewardError(e.getMessage()));
        }
    }

    /** A label that is a JSON object, given as an object or as a string holding one. */
    private Optional<ObjectNode> asObject(JsonNode label) {
        if (label instanceof ObjectNode o) return Optional.of(o);
        var text = label.asText().strip();
        if (!text.startsWith("{")) return Optional.empty();
        try {
            return json.readTree(text) instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty(); // a reference that merely starts with a brace (a LaTeX set, say)
        }
    }

    private static ArrayNode list(ObjectNode body, String field, boolean required) {
        var node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) throw new IllegalArgumentException("/get_reward needs a list '" + field + "'");
            return null;
        }
        if (!(node instanceof ArrayNode a)) throw new IllegalArgumentException("'" + field + "' must be a list");
        return a;
    }
}
