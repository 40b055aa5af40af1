package ai.lyceum.ares.search;

import ai.lyceum.policy.openai.OpenAiTransport;
import ai.lyceum.failure.FailureException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Text embeddings from any OpenAI-compatible {@code /v1/embeddings} server, over {@link OpenAiTransport} (HTTP/1.1,
 * as uvicorn servers need; retries on 429 and 5xx). Inputs are prefixed as the model expects ({@code "clustering: "}
 * for nomic-embed-text, ARES's choice). A reply that does not hold one finite vector per input, all of one dimension,
 * is a typed failure, never a partial result.
 */
public final class OpenAiEmbeddings implements TextEmbedder {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One batch of texts embeds in well under a minute on any server worth using. */
    static final OpenAiTransport.Settings SETTINGS =
            new OpenAiTransport.Settings(Duration.ofSeconds(60), 5, Duration.ofMillis(250), Duration.ofSeconds(20));

    private final String model;
    private final String prefix;
    private final OpenAiTransport client;

    /** @param baseUrl the server root ({@code http://host:port}, {@code /v1} optional); {@code /v1/embeddings} is appended */
    public OpenAiEmbeddings(URI baseUrl, String model, String prefix, Optional<String> apiKeyEnv) {
        this(baseUrl, model, prefix, apiKeyEnv, SETTINGS);
    }

    public OpenAiEmbeddings(URI baseUrl, String model, String prefix, Optional<String> apiKeyEnv, OpenAiTransport.Settings settings) {
        this.model = Objects.requireNonNull(model, "model");
        if (model.isBlank()) throw new IllegalArgumentException("model must not be blank");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.client = OpenAiTransport.of(baseUrl, "/embeddings", apiKeyEnv, settings);
    }

    @Override
    public String model() { return model; }

    @Override
    public List<float[]> embed(List<String> texts) throws FailureException, InterruptedException {
        if (texts.isEmpty()) return List.of();
        var body = JSON.createObjectNode().put("model", model);
        var input = body.putArray("input");
        texts.forEach(t -> input.add(prefix + t));
        return client.post(body, reply -> vectors(reply, texts.size()));
    }

    /** Retries so far by failure type, for reports. */
    public java.util.Map<String, Long> retries() { return client.retries(); }

    @Override
    public void close() { client.close(); }

    static List<float[]> vectors(JsonNode reply, int expected) throws IOException {
        var data = reply.path("data");
        if (!data.isArray() || data.size() != expected) {
            throw new IOException("expected " + expected + " embeddings, got " + (data.isArray() ? data.size() : "no data array"));
        }
        var out = new float[expected][];
        for (int k = 0; k < expected; k++) {
            var item = data.get(k);
            int i = item.path("index").asInt(k); // servers that omit the index answer in input order
            if (i < 0 || i >= expected || out[i] != null) throw new IOException("embedding index " + i + " out of range or repeated");
            var e = item.path("embedding");
            if (!e.isArray() || e.isEmpty()) throw new IOException("embedding " + i + " is not a non-empty array");
            var v = new float[e.size()];
            for (int j = 0; j < v.length; j++) {
                if (!e.get(j).isNumber()) throw new IOException("embedding " + i + " holds a non-number");
                v[j] = (float) e.get(j).doubleValue();
                if (!Float.isFinite(v[j])) throw new IOException("embedding " + i + " holds a non-finite value");
            }
            out[i] = v;
        }
        int dim = out[0].length;
        if (Arrays.stream(out).anyMatch(v -> v.length != dim)) throw new IOException("embeddings of different dimensions");
        return List.of(out);
    }
}
