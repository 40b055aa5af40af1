package ai.lyceum.run;

import ai.lyceum.env.Trajectory;
import ai.lyceum.policy.Completion;
import ai.lyceum.reward.RewardResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/** Renders trajectories and rewards as JSON for the store; explicit so the stored shape is a documented contract. */
final class RolloutJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private RolloutJson() {}

    static String trajectory(Trajectory trajectory) {
        var root = JSON.createObjectNode();
        var turns = root.putArray("turns");
        for (var turn : trajectory.turns()) {
            var t = turns.addObject();
            t.put("role", turn.role());
            var observation = t.putArray("observation");
            for (var m : turn.observation()) observation.addObject().put("role", m.role()).put("content", m.content());
            completion(t, turn.completion());
        }
        return root.toString();
    }

    private static void completion(ObjectNode t, Completion c) {
        t.put("text", c.text());
        t.put("finish", c.finish().name().toLowerCase());
        t.putObject("usage").put("prompt_tokens", c.usage().promptTokens())
                .put("completion_tokens", c.usage().completionTokens());
        c.tokens().ifPresent(tokens -> {
            var node = t.putObject("tokens");
            var ids = node.putArray("ids");
            for (int id : tokens.ids()) ids.add(id);
            var lps = node.putArray("logprobs");
            for (double lp : tokens.logprobs()) lps.add(lp);
        });
    }

    static String rewards(Map<String, RewardResult> rewards) {
        var root = JSON.createObjectNode();
        for (var e : new TreeMap<>(rewards).entrySet()) {
            var r = e.getValue();
            var node = root.putObject(e.getKey());
            node.put("value", r.value());
            node.set("components", JSON.valueToTree(r.components()));
            node.set("diagnostics", JSON.valueToTree(r.diagnostics()));
            r.failure().ifPresentOrElse(
                    f -> node.putObject("failure").put("type", f.type()).put("detail", f.detail()),
                    () -> node.putNull("failure"));
        }
        return root.toString();
    }
}
