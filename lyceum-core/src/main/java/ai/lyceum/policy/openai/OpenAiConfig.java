package ai.lyceum.policy.openai;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach an OpenAI-compatible server (vLLM, SGLang, Ollama, llama.cpp server, OpenAI).
 *
 * @param baseUrl        up to and including {@code /v1}, e.g. {@code http://127.0.0.1:8000/v1}
 * @param model          the model name the server expects
 * @param endpoint       chat ({@code /chat/completions}), plain ({@code /completions}) or the Responses API
 *                       ({@code /responses}, for models served only there)
 * @param apiKeyEnv      the environment variable holding the API key, if the server needs one; the key itself is
 *                       read when the policy is built and never stored in anything printable
 * @param maxInFlight    requests in flight at most (the adaptive limit moves below it on overload)
 * @param requestTimeout deadline for one HTTP attempt (until the response headers; the rollout deadline bounds the rest)
 * @param maxAttempts    attempts per request, retries included
 * @param backoffBase    first retry delay; doubles per attempt, with full jitter, up to {@code backoffMax}
 * @param jsonReplies    ask for a JSON object reply ({@code response_format} {@code json_object} on chat, {@code text.format}
 *                       on the Responses API), as judges that parse JSON do
 */
public record OpenAiConfig(URI baseUrl, String model, Endpoint endpoint, Optional<String> apiKeyEnv, int maxInFlight,
                           Duration requestTimeout, int maxAttempts, Duration backoffBase, Duration backoffMax,
                           boolean jsonReplies) {
    public enum Endpoint { CHAT, COMPLETIONS, RESPONSES }

    public OpenAiConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        var scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("base URL must be http:// or https://, was " + baseUrl);
        }
        Objects.requireNonNull(model, "model");
        if (model.isBlank()) throw new IllegalArgumentException("model must not be blank");
        Objects.requireNonNull(endpoint, "endpoint");
        if (maxInFlight < 1) throw new IllegalArgumentException("max in flight must be >= 1, was " + maxInFlight);
        if (maxAttempts < 1) throw new IllegalArgumentException("max attempts must be >= 1, was " + maxAttempts);
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("request timeout must be positive, was " + requestTimeout);
        }
    }

    /** Defaults that suit a local vLLM server: chat endpoint, 256 in flight, 10-minute attempts, 6 attempts. */
    public static OpenAiConfig of(String baseUrl, String model) {
        return new OpenAiConfig(URI.create(baseUrl), model, Endpoint.CHAT, Optional.empty(), 256,
                Duration.ofMinutes(10), 6, Duration.ofMillis(250), Duration.ofSeconds(30), false);
    }

    public OpenAiConfig withMaxInFlight(int n) {
        return new OpenAiConfig(baseUrl, model, endpoint, apiKeyEnv, n, requestTimeout, maxAttempts, backoffBase, backoffMax, jsonReplies);
    }

    public OpenAiConfig withRequestTimeout(Duration d) {
        return new OpenAiConfig(baseUrl, model, endpoint, apiKeyEnv, maxInFlight, d, maxAttempts, backoffBase, backoffMax, jsonReplies);
    }

    public OpenAiConfig withEndpoint(Endpoint e) {
        return new OpenAiConfig(baseUrl, model, e, apiKeyEnv, maxInFlight, requestTimeout, maxAttempts, backoffBase, backoffMax, jsonReplies);
    }

    public OpenAiConfig withApiKeyEnv(String variable) {
        return new OpenAiConfig(baseUrl, model, endpoint, Optional.of(variable), maxInFlight, requestTimeout, maxAttempts,
                backoffBase, backoffMax, jsonReplies);
    }

    public OpenAiConfig withRetries(int attempts, Duration base, Duration max) {
        return new OpenAiConfig(baseUrl, model, endpoint, apiKeyEnv, maxInFlight, requestTimeout, attempts, base, max, jsonReplies);
    }

    public OpenAiConfig withJsonReplies(boolean on) {
        return new OpenAiConfig(baseUrl, model, endpoint, apiKeyEnv, maxInFlight, requestTimeout, maxAttempts, backoffBase,
                backoffMax, on);
    }

    OpenAiTransport.Settings transportSettings() {
        return new OpenAiTransport.Settings(requestTimeout, maxAttempts, backoffBase, backoffMax, maxInFlight);
    }

    URI endpointUri() {
        var base = baseUrl.toString().replaceAll("/+$", "");
        return URI.create(base + switch (endpoint) {
            case CHAT -> "/chat/completions";
            case COMPLETIONS -> "/completions";
            case RESPONSES -> "/responses";
        });
    }
}
