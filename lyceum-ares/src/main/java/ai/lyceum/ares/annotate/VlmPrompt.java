package ai.lyceum.ares.annotate;

import ai.lyceum.ares.model.Rollout;
import ai.lyceum.ares.model.Schema;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The VLM annotator's prompt, generated from the schema's {@code _estimate} fields (one line per field with its
 * valid values and bounds, then the reply's shape), and the reading of the reply. The prompt version carries a hash
 * of everything generated, so editing a field's description changes the recorded version by itself.
 */
final class VlmPrompt {
    static final String BASE_VERSION = "vlm-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SYSTEM = "You annotate robot episodes from their camera frames. Look at every frame,"
            + " then answer with one JSON object and nothing else: no prose, no code fence.";

    private final Schema schema;
    private final String instructions;
    private final String version;

    VlmPrompt(Schema schema) {
        this.schema = schema;
        this.instructions = "Estimate these fields (path: type - description, with valid values and bounds):\n"
                + schema.fieldInstructions()
                + "\nReply with JSON of exactly this shape, every field filled. For a field with valid values, answer"
                + " 'unknown' when the frames do not show it.\n" + schema.exampleJson();
        this.version = BASE_VERSION + "-" + sha256(SYSTEM + "\n" + instructions).substring(0, 8);
    }

    String version() { return version; }

    Schema schema() { return schema; }

    /** The chat request: the system text, then one user turn with the episode's context and its frames in time order. */
    ObjectNode request(String model, Rollout rollout, List<Frame> frames, double fps, int maxTokens) {
        var body = JSON.createObjectNode().put("model", model).put("temperature", 0).put("max_tokens", maxTokens);
        var messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", SYSTEM);
        var content = messages.addObject().put("role", "user").putArray("content");
        var intro = new StringBuilder("These are ").append(frames.size()).append(" frames of one robot episode of ")
                .append(rollout.length()).append(" steps");
        if (fps > 0) intro.append(String.format(Locale.ROOT, " (%.1f s)", rollout.length() / fps));
        intro.append(", in time order.\n");
        rollout.task().languageInstruction().ifPresent(t -> intro.append("The robot was asked to: ").append(t).append('\n'));
        intro.append('\n').append(instructions);
        content.addObject().put("type", "text").put("text", intro.toString());
        for (var f : frames) {
            var label = fps > 0 ? String.format(Locale.ROOT, "frame %d (t = %.2f s)", f.index(), f.index() / fps) : "frame " + f.index();
            content.addObject().put("type", "text").put("text", label);
            content.addObject().put("type", "image_url").putObject("image_url").put("url", f.dataUrl());
        }
        return body;
    }

    /** The JSON object in a reply's text, tolerating a reasoning block and a code fence around it; empty when there is none. */
    static Optional<JsonNode> object(String text) {
        var visible = text.replaceAll("(?s)<think>.*?</think>", "");
        int start = visible.indexOf('{'), end = visible.lastIndexOf('}');
        if (start < 0 || end <= start) return Optional.empty();
        try {
            var node = JSON.readTree(visible.substring(start, end + 1));
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
