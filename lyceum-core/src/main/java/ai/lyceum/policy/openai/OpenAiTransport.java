package ai.lyceum.policy.openai;

import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.http.Backoff;
import ai.lyceum.http.Http11Client;
import ai.lyceum.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lyceum's one way to talk to an OpenAI-compatible server: policies, judges, embeddings and VLM annotators all POST
 * JSON through it. Requests in flight are bounded by an {@link AdaptiveLimiter}; a transient fault (429, 408, 5xx, a
 * timeout, a dropped connection, a 200 whose body the parser cannot read) is retried with exponential backoff and
 * full jitter, honouring {@code Retry-After}, and counted by type; a permanent one (another 4xx) or the last
 * attempt's fault is thrown as a typed {@link FailureException}. The API key lives only in the request headers.
 *
 * <p>Requests go over {@link Http11Client}: plain HTTP/1.1 (uvicorn-based servers such as vLLM and SGLang answer an
 * h2c upgrade with 400), cheap enough per request for thousands in flight on two cores.
 */
public final class OpenAiTransport implements AutoCloseable {
    private static final ObjectMapper JSON = Json.newMapper();

    /**
     * @param requestTimeout deadline of one HTTP attempt
     * @param maxAttempts    attempts per request, retries included
     * @param backoffBase    first retry delay; doubles per attempt up to {@code backoffMax}
     * @param maxInFlight    requests in flight at most (the adaptive limit moves below it on overload)
     */
    public record Settings(Duration requestTimeout, int maxAttempts, Duration backoffBase, Duration backoffMax,
                           int maxInFlight) {
        public Settings {
            if (requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("request timeout must be positive, was " + requestTimeout);
            }
            if (maxAttempts < 1) throw new IllegalArgumentException("max attempts must be >= 1, was " + maxAttempts);
            if (backoffBase.isNegative() || backoffMax.compareTo(backoffBase) < 0) {
                throw new IllegalArgumentException("backoff must satisfy 0 <= base <= max, was " + backoffBase + ", " + backoffMax);
            }
            if (maxInFlight < 1) throw new IllegalArgumentException("max in flight must be >= 1, was " + maxInFlight);
        }

        public Settings(Duration requestTimeout, int maxAttempts, Duration backoffBase, Duration backoffMax) {
            this(requestTimeout, maxAttempts, backoffBase, backoffMax, 256);
        }

        /** 2-minute attempts (a VLM reading a dozen frames is slow), 5 attempts, 0.25 s doubling to 20 s. */
        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(2), 5, Duration.ofMillis(250), Duration.ofSeconds(20));
        }
    }

    /** Reads a 200 reply; an {@link IOException} means the body was not what the endpoint returns (retried). */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(JsonNode reply) throws IOException;
    }

    private final URI endpoint;
    private final Map<String, String> headers;
    private final Settings settings;
    private final Http11Client http = new Http11Client(Duration.ofSeconds(10));
    private final AdaptiveLimiter limiter;
    private final Map<String, LongAdder> retries = new ConcurrentHashMap<>();

    /**
     * @param endpoint  the full endpoint URL ({@code http://127.0.0.1:8000/v1/chat/completions})
     * @param apiKeyEnv the environment variable holding the API key, if the server needs one; read now, never printed
     */
    public OpenAiTransport(URI endpoint, Optional<String> apiKeyEnv, Settings settings) {
        var scheme = Objects.requireNonNull(endpoint, "endpoint").getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("base URL must be http:// or https://, was " + endpoint);
        }
        this.endpoint = endpoint;
        this.settings = Objects.requireNonNull(settings, "settings");
        var authorization = apiKeyEnv.map(variable -> {
            var key = System.getenv(variable);
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("environment variable " + variable + " (the API key) is not set");
            }
            return "Bearer " + key.strip();
        });
        this.headers = authorization.isPresent()
                ? Map.of("Content-Type", "application/json", "Authorization", authorization.get())
                : Map.of("Content-Type", "application/json");
        this.limiter = new AdaptiveLimiter(settings.maxInFlight());
    }

    /**
     * @param baseUrl the server root, with or without {@code /v1} ({@code http://127.0.0.1:8000})
     * @param path    the endpoint under {@code /v1} ({@code /embeddings})
     */
    public static OpenAiTransport of(URI baseUrl, String path, Optional<String> apiKeyEnv, Settings settings) {
        var base = Objects.requireNonNull(baseUrl, "baseUrl").toString().replaceAll("/+$", "").replaceAll("/v1$", "");
        return new OpenAiTransport(URI.create(base + "/v1" + path), apiKeyEnv, settings);
    }

    public URI endpoint() { return endpoint; }

    public <T> T post(JsonNode body, Parser<T> parser) throws FailureException, InterruptedException {
        try {
            return post(JSON.writeValueAsBytes(body), parser);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode request", e);
        }
    }

    public <T> T post(byte[] body, Parser<T> parser) throws FailureException, InterruptedException {
        Failure last = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            var outcome = attempt(body, parser);
            if (outcome instanceof Attempt.Ok<T> ok) return ok.value();
            var failed = (Attempt.Failed<T>) outcome;
            last = failed.failure();
            if (!failed.retryable() || attempt == settings.maxAttempts()) break;
            retries.computeIfAbsent("retry." + last.type(), k -> new LongAdder()).increment();
            Thread.sleep(Backoff.delay(attempt, settings.backoffBase(), settings.backoffMax(), failed.retryAfter()).toMillis());
        }
        throw new FailureException(last);
    }

    private sealed interface Attempt<T> {
        record Ok<T>(T value) implements Attempt<T> {}

        record Failed<T>(Failure failure, boolean retryable, Optional<Duration> retryAfter) implements Attempt<T> {}
    }

    private <T> Attempt<T> attempt(byte[] body, Parser<T> parser) throws InterruptedException {
        limiter.acquire();
        var signal = AdaptiveLimiter.Outcome.OTHER;
        try {
            Http11Client.Response response;
            try {
                response = http.post(endpoint, headers, body, settings.requestTimeout());
            } catch (Http11Client.TimeoutException e) {
                signal = AdaptiveLimiter.Outcome.OVERLOAD;
                return new Attempt.Failed<>(new Failure.Timeout(settings.requestTimeout()), true, Optional.empty());
            } catch (InterruptedIOException e) {
                throw new InterruptedException("interrupted while waiting for " + endpoint);
            } catch (IOException e) {
                var message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                return new Attempt.Failed<>(new Failure.Connection(message), true, Optional.empty());
            }
            int status = response.status();
            if (status != 200) {
                boolean overload = status == 429 || status == 503;
                if (overload) signal = AdaptiveLimiter.Outcome.OVERLOAD;
                boolean retryable = overload || status >= 500 || status == 408; // another 4xx: the request is wrong
                return new Attempt.Failed<>(new Failure.HttpStatus(status, Failure.excerpt(response.bodyText())), retryable,
                        Backoff.retryAfter(response));
            }
            try {
                var value = parser.parse(JSON.readTree(response.body()));
                signal = AdaptiveLimiter.Outcome.SUCCESS;
                return new Attempt.Ok<>(value);
            } catch (IOException | RuntimeException e) {
                // A 200 with a body we cannot read is usually a transient server fault: retry it.
                return new Attempt.Failed<>(new Failure.Unparseable(Failure.excerpt(response.bodyText())), true, Optional.empty());
            }
        } finally {
            limiter.release(signal);
        }
    }

    /** Retries so far by failure type ({@code retry.http_429}). */
    public Map<String, Long> retries() {
        var out = new TreeMap<String, Long>();
        retries.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public void close() { http.close(); }

    @Override
    public String toString() { return "OpenAiTransport[" + endpoint + "]"; } // never the headers: they hold the key
}
