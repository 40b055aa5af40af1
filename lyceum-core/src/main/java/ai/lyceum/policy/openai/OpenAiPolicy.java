package ai.lyceum.policy.openai;

import ai.lyceum.json.Json;
import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ai.lyceum.http.Backoff;
import ai.lyceum.http.Http11Client;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A policy served by any OpenAI-compatible server, through {@code /v1/chat/completions}, {@code /v1/completions} or
 * the Responses API {@code /v1/responses} (text output only; no token ids there).
 *
 * <p>Each {@link #generate} call blocks its (virtual) thread. Requests in flight are bounded by an
 * {@link AdaptiveLimiter}; an attempt that fails transiently (429, 5xx, an I/O error or dropped connection, an
 * unparseable body, a timeout) is retried with exponential backoff and full jitter, honouring {@code Retry-After};
 * every retry is counted by type. A request that exhausts its attempts, or fails permanently (another 4xx), throws
 * a {@link FailureException} with the typed failure of its last attempt.
 *
 * <p>Requests go over {@link Http11Client}: plain HTTP/1.1 (uvicorn-based servers such as vLLM and SGLang answer an
 * h2c upgrade with 400), cheap enough per request for thousands in flight on two cores.
 */
public final class OpenAiPolicy implements Policy {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final String TOKEN_ID_PREFIX = "token_id:";

    private final OpenAiConfig config;
    private final java.net.URI endpoint;
    private final Map<String, String> headers;
    private final Http11Client http = new Http11Client(Duration.ofSeconds(10));
    private final AdaptiveLimiter limiter;
    private final Map<String, LongAdder> retries = new ConcurrentHashMap<>();

    public OpenAiPolicy(OpenAiConfig config) {
        this.config = config;
        this.endpoint = config.endpointUri();
        var authorization = config.apiKeyEnv().map(variable -> {
            var key = System.getenv(variable);
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("environment variable " + variable + " (the API key) is not set");
            }
            return "Bearer " + key.strip();
        });
        this.headers = authorization.isPresent()
                ? Map.of("Content-Type", "application/json", "Authorization", authorization.get())
                : Map.of("Content-Type", "application/json");
        this.limiter = new AdaptiveLimiter(config.maxInFlight());
    }

    @Override
    public String describe() { return "openai:" + config.model(); } // the server address may change between resumed segments

    @Override
    public Completion generate(GenerationRequest request) throws FailureException, InterruptedException {
        var body = requestBody(request);
        Failure last = null;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            var outcome = attempt(body, request.sampling().wantTokens());
            if (outcome instanceof Attempt.Ok ok) return ok.completion();
            var failed = (Attempt.Failed) outcome;
            last = failed.failure();
            if (!failed.retryable() || attempt == config.maxAttempts()) break;
            retries.computeIfAbsent("retry." + last.type(), k -> new LongAdder()).increment();
            Thread.sleep(Backoff.delay(attempt, config.backoffBase(), config.backoffMax(), failed.retryAfter()).toMillis());
        }
        throw new FailureException(last);
    }

    @Override
    public Map<String, Long> counters() {
        var counts = new TreeMap<String, Long>();
        retries.forEach((k, v) -> counts.put(k, v.sum()));
        return counts;
    }

    @Override
    public void close() {
        http.close();
    }

    private sealed interface Attempt {
        record Ok(Completion completion) implements Attempt {}

        record Failed(Failure failure, boolean retryable, Optional<Duration> retryAfter) implements Attempt {}
    }

    private Attempt attempt(byte[] body, boolean wantTokens) throws InterruptedException {
        limiter.acquire();
        var signal = AdaptiveLimiter.Outcome.OTHER;
        try {
            Http11Client.Response response;
            try {
                response = http.post(endpoint, headers, body, config.requestTimeout());
            } catch (Http11Client.TimeoutException e) {
                signal = AdaptiveLimiter.Outcome.OVERLOAD;
                return new Attempt.Failed(new Failure.Timeout(config.requestTimeout()), true, Optional.empty());
            } catch (InterruptedIOException e) {
                throw new InterruptedException("interrupted while waiting for " + endpoint);
            } catch (IOException e) {
                var message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                return new Attempt.Failed(new Failure.Connection(message), true, Optional.empty());
            }
            int status = response.status();
            if (status != 200) {
                boolean overload = status == 429 || status == 503;
                if (overload) signal = AdaptiveLimiter.Outcome.OVERLOAD;
                var excerpt = Failure.excerpt(response.bodyText());
                boolean retryable = overload || status >= 500 || status == 408;
                return new Attempt.Failed(new Failure.HttpStatus(status, excerpt), retryable,
                        Backoff.retryAfter(response));
            }
            try {
                var completion = parse(response.body(), wantTokens);
                signal = AdaptiveLimiter.Outcome.SUCCESS;
                return new Attempt.Ok(completion);
            } catch (IOException | RuntimeException e) {
                // A 200 with a body we cannot read is usually a transient server fault: retry it.
                var excerpt = Failure.excerpt(response.bodyText());
                return new Attempt.Failed(new Failure.Unparseable(excerpt), true, Optional.empty());
            }
        } finally {
            limiter.release(signal);
        }
    }

    private byte[] requestBody(GenerationRequest request) {
        var root = JSON.createObjectNode();
        root.put("model", config.model());
        var sampling = request.sampling();
        if (config.endpoint() == OpenAiConfig.Endpoint.RESPONSES) {
            var input = root.putArray("input");
            for (var m : request.messages()) input.addObject().put("role", m.role()).put("content", m.content());
            root.put("store", false);
            if (config.jsonReplies()) root.putObject("text").putObject("format").put("type", "json_object");
            sampling.temperature().ifPresent(t -> root.put("temperature", t));
            sampling.topP().ifPresent(p -> root.put("top_p", p));
            sampling.maxTokens().ifPresent(m -> root.put("max_output_tokens", m));
            try {
                return JSON.writeValueAsBytes(root);
            } catch (IOException e) {
                throw new IllegalStateException("cannot encode request", e);
            }
        }
        if (config.endpoint() == OpenAiConfig.Endpoint.CHAT) {
            var messages = root.putArray("messages");
            for (var m : request.messages()) messages.addObject().put("role", m.role()).put("content", m.content());
            if (sampling.wantTokens()) {
                root.put("logprobs", true);
                root.put("return_tokens_as_token_ids", true); // vLLM: tokens come back as "token_id:<n>"
            }
        } else {
            // A plain completion sees the conversation's texts joined; use it for base models and raw prompts.
            var prompt = new StringBuilder();
            for (var m : request.messages()) {
                if (!prompt.isEmpty()) prompt.append("\n\n");
                prompt.append(m.content());
            }
            root.put("prompt", prompt.toString());
            if (sampling.wantTokens()) {
                root.put("logprobs", 1);
                root.put("return_tokens_as_token_ids", true);
            }
        }
        if (config.jsonReplies() && config.endpoint() == OpenAiConfig.Endpoint.CHAT) {
            root.putObject("response_format").put("type", "json_object");
        }
        sampling.temperature().ifPresent(t -> root.put("temperature", t));
        sampling.topP().ifPresent(p -> root.put("top_p", p));
        sampling.maxTokens().ifPresent(m -> root.put("max_tokens", m));
        sampling.seed().ifPresent(s -> root.put("seed", s));
        if (!sampling.stop().isEmpty()) {
            var stop = root.putArray("stop");
            sampling.stop().forEach(stop::add);
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode request", e);
        }
    }

    private Completion parse(byte[] body, boolean wantTokens) throws IOException {
        var root = JSON.readTree(body);
        if (config.endpoint() == OpenAiConfig.Endpoint.RESPONSES) return parseResponses(root);
        var choice = root.path("choices").path(0);
        if (choice.isMissingNode()) throw new IOException("no choices in response");
        JsonNode textNode = config.endpoint() == OpenAiConfig.Endpoint.CHAT
                ? choice.path("message").path("content") : choice.path("text");
        if (!textNode.isTextual() && !textNode.isNull()) throw new IOException("no text in choice");
        var text = textNode.isNull() ? "" : textNode.asText();
        var usage = root.path("usage");
        return new Completion(text, wantTokens ? tokens(choice) : Optional.empty(),
                Completion.FinishReason.parse(choice.path("finish_reason").asText(null)),
                new Completion.Usage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0)));
    }

    /** A Responses API object: the text of its {@code output_text} parts, in order. */
    private static Completion parseResponses(JsonNode root) throws IOException {
        var output = root.path("output");
        if (!output.isArray()) throw new IOException("no output in response");
        var text = new StringBuilder();
        for (var item : output) {
            if (!"message".equals(item.path("type").asText())) continue;
            for (var part : item.path("content")) {
                if ("output_text".equals(part.path("type").asText())) text.append(part.path("text").asText(""));
            }
        }
        var status = root.path("status").asText("completed");
        var finish = "incomplete".equals(status) ? Completion.FinishReason.LENGTH : Completion.FinishReason.STOP;
        var usage = root.path("usage");
        return new Completion(text.toString(), Optional.empty(), finish,
                new Completion.Usage(usage.path("input_tokens").asInt(0), usage.path("output_tokens").asInt(0)));
    }

    /** Token ids and logprobs, when the server sent them with ids (vLLM's {@code return_tokens_as_token_ids}). */
    private static Optional<Tokens> tokens(JsonNode choice) {
        var logprobs = choice.path("logprobs");
        JsonNode tokens;
        JsonNode values;
        if (logprobs.path("content").isArray()) { // chat
            var content = logprobs.path("content");
            int n = content.size();
            int[] ids = new int[n];
            double[] lps = new double[n];
            for (int i = 0; i < n; i++) {
                var id = tokenId(content.get(i).path("token").asText(""));
                if (id.isEmpty()) return Optional.empty();
                ids[i] = id.get();
                lps[i] = content.get(i).path("logprob").asDouble();
            }
            return Optional.of(new Tokens(ids, lps));
        }
        tokens = logprobs.path("tokens");
        values = logprobs.path("token_logprobs");
        if (!tokens.isArray() || !values.isArray() || tokens.size() != values.size()) return Optional.empty();
        int[] ids = new int[tokens.size()];
        double[] lps = new double[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            var id = tokenId(tokens.get(i).asText(""));
            if (id.isEmpty()) return Optional.empty();
            ids[i] = id.get();
            lps[i] = values.get(i).asDouble();
        }
        return Optional.of(new Tokens(ids, lps));
    }

    private static Optional<Integer> tokenId(String token) {
        if (!token.startsWith(TOKEN_ID_PREFIX)) return Optional.empty();
        try {
            return Optional.of(Integer.parseInt(token.substring(TOKEN_ID_PREFIX.length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
