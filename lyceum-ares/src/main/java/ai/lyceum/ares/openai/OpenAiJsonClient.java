package ai.lyceum.ares.openai;

import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.http.Backoff;
import ai.lyceum.http.Http11Client;
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
 * POSTs JSON to one endpoint of an OpenAI-compatible server and hands the reply to a parser. Transient faults (429,
 * 408, 5xx, a timeout, a dropped connection, a 200 whose body the parser cannot read) are retried with exponential
 * backoff and full jitter, honouring {@code Retry-After}, and counted by type; a permanent one (another 4xx) or the
 * last attempt's fault is thrown as a typed {@link FailureException}. The API key lives only in the request headers.
 */
public final class OpenAiJsonClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param requestTimeout deadline of one HTTP attempt, the whole exchange
     * @param maxAttempts    attempts per request, retries included
     * @param backoffBase    first retry delay; doubles per attempt up to {@code backoffMax}
     */
    public record Settings(Duration requestTimeout, int maxAttempts, Duration backoffBase, Duration backoffMax) {
        public Settings {
            if (requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("request timeout must be positive, was " + requestTimeout);
            }
            if (maxAttempts < 1) throw new IllegalArgumentException("max attempts must be >= 1, was " + maxAttempts);
            if (backoffBase.isNegative() || backoffMax.compareTo(backoffBase) < 0) {
                throw new IllegalArgumentException("backoff must satisfy 0 <= base <= max, was " + backoffBase + ", " + backoffMax);
            }
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
    private final Map<String, LongAdder> retries = new ConcurrentHashMap<>();

    /**
     * @param baseUrl   the server root, with or without {@code /v1} ({@code http://127.0.0.1:8000})
     * @param path      the endpoint under {@code /v1} ({@code /embeddings})
     * @param apiKeyEnv the environment variable holding the API key, if the server needs one
     */
    public OpenAiJsonClient(URI baseUrl, String path, Optional<String> apiKeyEnv, Settings settings) {
        var scheme = Objects.requireNonNull(baseUrl, "baseUrl").getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("base URL must be http:// or https://, was " + baseUrl);
        }
        var base = baseUrl.toString().replaceAll("/+$", "").replaceAll("/v1$", "");
        this.endpoint = URI.create(base + "/v1" + path);
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
    }

    public URI endpoint() { return endpoint; }

    public <T> T post(JsonNode body, Parser<T> parser) throws FailureException, InterruptedException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode request", e);
        }
        Failure last = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            Optional<Duration> retryAfter = Optional.empty();
            try {
                var response = http.post(endpoint, headers, bytes, settings.requestTimeout());
                int status = response.status();
                if (status == 200) {
                    try {
                        return parser.parse(JSON.readTree(response.body()));
                    } catch (IOException | RuntimeException e) {
                        last = new Failure.Unparseable(Failure.excerpt(response.bodyText()));
                    }
                } else {
                    last = new Failure.HttpStatus(status, Failure.excerpt(response.bodyText()));
                    if (status != 429 && status != 408 && status < 500) break; // the request itself is wrong
                    retryAfter = Backoff.retryAfter(response);
                }
            } catch (Http11Client.TimeoutException e) {
                last = new Failure.Timeout(settings.requestTimeout());
            } catch (InterruptedIOException e) {
                throw new InterruptedException("interrupted while waiting for " + endpoint);
            } catch (IOException e) {
                last = new Failure.Connection(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
            if (attempt == settings.maxAttempts()) break;
            retries.computeIfAbsent("retry." + last.type(), k -> new LongAdder()).increment();
            Thread.sleep(Backoff.delay(attempt, settings.backoffBase(), settings.backoffMax(), retryAfter).toMillis());
        }
        throw new FailureException(last);
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
    public String toString() { return "OpenAiJsonClient[" + endpoint + "]"; } // never the headers: they hold the key
}
