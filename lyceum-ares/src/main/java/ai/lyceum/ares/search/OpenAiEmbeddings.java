package ai.lyceum.ares.search;

import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Text embeddings from any OpenAI-compatible {@code /v1/embeddings} server. Inputs are prefixed as the model
 * expects ({@code "clustering: "} for nomic-embed-text, ARES's choice). HTTP/1.1 only, as uvicorn servers need.
 */
public final class OpenAiEmbeddings implements TextEmbedder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String model;
    private final String prefix;
    private final Optional<String> authorization;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** @param baseUrl the server root ({@code http://host:port}); {@code /v1/embeddings} is appended */
    public OpenAiEmbeddings(URI baseUrl, String model, String prefix, Optional<String> apiKeyEnv) {
        var base = baseUrl.toString().replaceAll("/+$", "").replaceAll("/v1$", "");
        this.endpoint = URI.create(base + "/v1/embeddings");
        this.model = model;
        this.prefix = prefix;
        this.authorization = apiKeyEnv.map(v -> {
            var key = System.getenv(v);
            if (key == null || key.isBlank()) throw new IllegalArgumentException("environment variable " + v + " is not set");
            return "Bearer " + key;
        });
    }

    @Override
    public String model() { return model; }

    @Override
    public List<float[]> embed(List<String> texts) throws FailureException, InterruptedException {
        if (texts.isEmpty()) return List.of();
        var body = JSON.createObjectNode().put("model", model);
        var input = body.putArray("input");
        texts.forEach(t -> input.add(prefix + t));
        var request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        authorization.ifPresent(a -> request.header("Authorization", a));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new FailureException(new Failure.Timeout(Duration.ofSeconds(60)));
        } catch (IOException e) {
            throw new FailureException(new Failure.Connection(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        if (response.statusCode() != 200) {
            throw new FailureException(new Failure.HttpStatus(response.statusCode(), Failure.excerpt(response.body())));
        }
        try {
            var data = JSON.readTree(response.body()).path("data");
            var out = new ArrayList<float[]>(texts.size());
            for (int i = 0; i < texts.size(); i++) out.add(null);
            for (var item : data) {
                var e = item.path("embedding");
                var v = new float[e.size()];
                for (int j = 0; j < v.length; j++) v[j] = (float) e.get(j).asDouble();
                out.set(item.path("index").asInt(out.indexOf(null)), v);
            }
            if (out.contains(null)) throw new IOException("expected " + texts.size() + " embeddings, got " + data.size());
            return out;
        } catch (IOException | RuntimeException e) {
            throw new FailureException(new Failure.Unparseable(Failure.excerpt(response.body())));
        }
    }

    @Override
    public void close() { http.close(); }
}
