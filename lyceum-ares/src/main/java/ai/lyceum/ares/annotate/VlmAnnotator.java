package ai.lyceum.ares.annotate;

import ai.lyceum.ares.model.Annotation;
import ai.lyceum.ares.model.Rollout;
import ai.lyceum.ares.model.Schema;
import ai.lyceum.policy.openai.OpenAiTransport;
import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fills the schema's {@code _estimate} fields by showing an episode's frames to a vision-language model on any
 * OpenAI-compatible chat server ({@code /v1/chat/completions}, images as {@code image_url} data URLs).
 *
 * <p>The reply is untrusted data: it must hold one JSON object whose every estimated field is present and valid
 * (allowed values, bounds, types), or the whole reply is refused as a typed {@code parse} failure and nothing is
 * written; the fields estimated together from one look stand or fall together. Refusals are counted per kind
 * ({@code reply.garbage}, {@code reply.invalid}) and per field ({@code invalid.robot.color_estimate}). An episode
 * without frames is {@link NotApplicable}: the model is never asked to guess a scene it cannot see.
 */
public final class VlmAnnotator implements Annotator, AutoCloseable {
    public static final String NAME = "vlm";
    public static final String NO_READABLE_FRAMES = "no_readable_frames";

    /**
     * @param baseUrl   the server root ({@code http://127.0.0.1:8000}, {@code /v1} optional)
     * @param apiKeyEnv the environment variable holding the API key, if the server needs one
     * @param maxTokens the reply's token budget (a reasoning model needs more)
     */
    public record Config(URI baseUrl, String model, Optional<String> apiKeyEnv, FrameSampling sampling, int maxTokens,
                         OpenAiTransport.Settings settings) {
        public Config {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(model, "model");
            if (model.isBlank()) throw new IllegalArgumentException("model must not be blank");
            Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
            Objects.requireNonNull(sampling, "sampling");
            if (maxTokens < 16) throw new IllegalArgumentException("max tokens must be >= 16, was " + maxTokens);
            Objects.requireNonNull(settings, "settings");
        }

        /** One frame a second, at most 8 frames, 1,024 reply tokens, the client's default retries. */
        public static Config of(URI baseUrl, String model) {
            return new Config(baseUrl, model, Optional.empty(), new FrameSampling(1, 8), 1024, OpenAiTransport.Settings.defaults());
        }

        public Config withApiKeyEnv(String variable) {
            return new Config(baseUrl, model, Optional.of(variable), sampling, maxTokens, settings);
        }

        public Config withSampling(FrameSampling s) { return new Config(baseUrl, model, apiKeyEnv, s, maxTokens, settings); }

        public Config withSettings(OpenAiTransport.Settings s) { return new Config(baseUrl, model, apiKeyEnv, sampling, maxTokens, s); }
    }

    private final Config config;
    private final FrameSource frames;
    private final VlmPrompt prompt = new VlmPrompt(Schema.ROLLOUT);
    private final OpenAiTransport client;
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    /** @param frames where the images come from; closed with this annotator */
    public VlmAnnotator(Config config, FrameSource frames) {
        this.config = Objects.requireNonNull(config, "config");
        this.frames = Objects.requireNonNull(frames, "frames");
        this.client = OpenAiTransport.of(config.baseUrl(), "/chat/completions", config.apiKeyEnv(), config.settings());
    }

    @Override
    public String name() { return NAME; }

    @Override
    public String promptVersion() { return prompt.version(); }

    @Override
    public Annotation annotate(Rollout rollout) throws FailureException, NotApplicable, InterruptedException {
        double fps = rollout.trajectory().fps().orElse(0.0);
        var indices = config.sampling().indices(rollout.length(), fps);
        java.util.List<Frame> seen;
        try {
            seen = frames.frames(rollout, indices);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the dataset is broken or gone: an error, not a missing-evidence skip
        }
        if (seen.isEmpty()) {
            throw new NotApplicable(NO_READABLE_FRAMES, rollout.path() + ": none of frames " + indices + " holds a PNG, JPEG, WebP or GIF image");
        }
        var text = client.post(prompt.request(config.model(), rollout, seen, fps, config.maxTokens()), VlmAnnotator::content);
        var reply = VlmPrompt.object(text);
        if (reply.isEmpty()) {
            count("reply.garbage");
            throw new FailureException(new Failure.Unparseable("no JSON object in the reply: " + Failure.excerpt(text)));
        }
        var validation = prompt.schema().validate(reply.get());
        if (!validation.errors().isEmpty()) {
            count("reply.invalid");
            for (var error : validation.errors()) count("invalid." + error.substring(0, Math.max(0, error.indexOf(':'))));
            throw new FailureException(new Failure.Unparseable(Failure.excerpt("invalid reply: " + String.join("; ", validation.errors()))));
        }
        count("reply.valid");
        return new Annotation(NAME, Optional.of(config.model()), prompt.version(), Instant.now(), validation.values());
    }

    @Override
    public Map<String, Long> counters() {
        var out = new TreeMap<String, Long>(client.retries());
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public void close() {
        client.close();
        frames.close();
    }

    private void count(String key) { counters.computeIfAbsent(key, k -> new LongAdder()).increment(); }

    /** The assistant's text; a body without one is a broken reply, which the client retries. */
    private static String content(com.fasterxml.jackson.databind.JsonNode body) throws IOException {
        var message = body.path("choices").path(0).path("message");
        var content = message.path("content");
        if (content.isTextual()) return content.textValue();
        if (content.isArray()) { // some servers answer in parts
            var text = new StringBuilder();
            for (var part : content) if (part.path("text").isTextual()) text.append(part.path("text").textValue());
            return text.toString();
        }
        throw new IOException("no message content in the reply");
    }
}
