package ai.lyceum.policy.openai;

import ai.lyceum.json.Json;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * A policy served by any OpenAI-compatible server, through {@code /v1/chat/completions}, {@code /v1/completions} or
 * the Responses API {@code /v1/responses} (text output only; no token ids there).
 *
 * <p>Each {@link #generate} call blocks its (virtual) thread. Requests go through an {@link OpenAiTransport}:
 * bounded in flight by an adaptive limit, transient faults retried with backoff and counted by type, a request
 * that exhausts its attempts or fails permanently thrown as a {@link FailureException} with a typed failure.
 */
public final class OpenAiPolicy implements Policy {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final String TOKEN_ID_PREFIX = "token_id:";

    private final OpenAiConfig config;
    private final OpenAiTransport transport;

    public OpenAiPolicy(OpenAiConfig config) {
        this.config = config;
        this.transport = new OpenAiTransport(config.endpointUri(), config.apiKeyEnv(), config.transportSettings());
    }

    @Override
    public String describe() { return "openai:" + config.model(); } // the server address may change between resumed segments

    @Override
    public Completion generate(GenerationRequest request) throws FailureException, InterruptedException {
        boolean wantTokens = request.sampling().wantTokens();
        return transport.post(requestBody(request), reply -> parse(reply, wantTokens));
    }

    @Override
    public Map<String, Long> counters() { return transport.retries(); }

    @Override
    public void close() { transport.close(); }

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

    private Completion parse(JsonNode root, boolean wantTokens) throws IOException {
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
