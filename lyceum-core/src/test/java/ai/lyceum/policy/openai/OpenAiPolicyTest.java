package ai.lyceum.policy.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Sampling;
import ai.lyceum.policy.openai.ScriptedServer.Reply;
import ai.lyceum.task.Task;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiPolicyTest {
    private static final Task TASK = Task.of("t", "What is 6*7?", "42");

    @Test
    void sendsChatOverHttp11AndParsesTheReply() throws Exception {
        try (var server = new ScriptedServer(List.of(Reply.ok(ScriptedServer.chat("42"))));
             var policy = policy(server.baseUrl(), 3)) {
            var completion = policy.generate(request(Sampling.DEFAULT.withTemperature(0.7).withMaxTokens(8)));
            assertThat(completion.text()).isEqualTo("42");
            assertThat(completion.finish()).isEqualTo(Completion.FinishReason.STOP);
            assertThat(completion.usage()).isEqualTo(new Completion.Usage(5, 2));
            var sent = server.received.getFirst();
            assertThat(sent.protocol()).isEqualTo("HTTP/1.1");
            assertThat(sent.headers()).doesNotContainKey("Upgrade");
            assertThat(sent.body()).contains("\"model\":\"m\"", "\"content\":\"What is 6*7?\"", "\"temperature\":0.7",
                    "\"max_tokens\":8");
        }
    }

    @Test
    void retriesServerErrorsGarbageAndOverloadThenSucceedsCountingEachRetry() throws Exception {
        var replies = List.of(Reply.status(500), Reply.ok("{\"choices\": [{\"message\": "),
                new Reply(429, Map.of("Retry-After", "0"), "slow down", Duration.ZERO), Reply.ok(ScriptedServer.chat("ok")));
        try (var server = new ScriptedServer(replies); var policy = policy(server.baseUrl(), 6)) {
            assertThat(policy.generate(request(Sampling.DEFAULT)).text()).isEqualTo("ok");
            assertThat(policy.counters()).containsEntry("retry.http_500", 1L).containsEntry("retry.parse", 1L)
                    .containsEntry("retry.http_429", 1L);
        }
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastTypedFailure() throws Exception {
        var replies = List.of(Reply.status(503), Reply.status(503), Reply.status(502));
        try (var server = new ScriptedServer(replies); var policy = policy(server.baseUrl(), 3)) {
            assertThatThrownBy(() -> policy.generate(request(Sampling.DEFAULT)))
                    .isInstanceOfSatisfying(FailureException.class, e -> assertThat(e.failure())
                            .isInstanceOfSatisfying(Failure.HttpStatus.class, f -> assertThat(f.status()).isEqualTo(502)));
            assertThat(server.received).hasSize(3);
        }
    }

    @Test
    void doesNotRetryAClientError() throws Exception {
        try (var server = new ScriptedServer(List.of(Reply.status(400), Reply.ok(ScriptedServer.chat("never"))));
             var policy = policy(server.baseUrl(), 5)) {
            assertThatThrownBy(() -> policy.generate(request(Sampling.DEFAULT)))
                    .isInstanceOfSatisfying(FailureException.class, e -> assertThat(e.failure().type()).isEqualTo("http_400"));
            assertThat(server.received).hasSize(1);
        }
    }

    @Test
    void aServerThatHangsBecomesATimeout() throws Exception {
        var hang = new Reply(200, Map.of(), ScriptedServer.chat("late"), Duration.ofSeconds(5));
        try (var server = new ScriptedServer(List.of(hang));
             var policy = new OpenAiPolicy(OpenAiConfig.of(server.baseUrl(), "m")
                     .withRequestTimeout(Duration.ofMillis(300)).withRetries(1, Duration.ZERO, Duration.ZERO))) {
            assertThatThrownBy(() -> policy.generate(request(Sampling.DEFAULT)))
                    .isInstanceOfSatisfying(FailureException.class,
                            e -> assertThat(e.failure()).isInstanceOf(Failure.Timeout.class));
        }
    }

    @Test
    void anUnreachableServerIsAConnectionFailure() throws Exception {
        try (var policy = new OpenAiPolicy(OpenAiConfig.of("http://127.0.0.1:1/v1", "m")
                .withRetries(2, Duration.ZERO, Duration.ZERO))) {
            assertThatThrownBy(() -> policy.generate(request(Sampling.DEFAULT)))
                    .isInstanceOfSatisfying(FailureException.class, e -> assertThat(e.failure().type()).isEqualTo("connection"));
            assertThat(policy.counters()).containsEntry("retry.connection", 1L);
        }
    }

    @Test
    void recoversFromDroppedConnectionsAndInvalidBodiesFromTheStub() throws Exception {
        var faults = new StubServer.Faults(Duration.ofMillis(5), 0.2, 0.1, 0.1);
        try (var stub = StubServer.start(faults, prompt -> "#### 42", 3);
             var policy = new OpenAiPolicy(OpenAiConfig.of(stub.baseUrl().toString(), "m")
                     .withRetries(12, Duration.ofMillis(1), Duration.ofMillis(5)))) {
            for (int i = 0; i < 40; i++) assertThat(policy.generate(request(Sampling.DEFAULT)).text()).isEqualTo("#### 42");
            assertThat(stub.served()).containsKeys("drop", "500", "garbage");
            assertThat(policy.counters()).containsKeys("retry.connection", "retry.http_500", "retry.parse");
        }
    }

    @Test
    void requestsAndParsesTokenIdsAndLogprobsWhenAsked() throws Exception {
        var body = "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"length\","
                + "\"logprobs\":{\"content\":[{\"token\":\"token_id:17\",\"logprob\":-0.5},"
                + "{\"token\":\"token_id:4\",\"logprob\":-1.25}]}}]}";
        try (var server = new ScriptedServer(List.of(Reply.ok(body))); var policy = policy(server.baseUrl(), 1)) {
            var sampling = new Sampling(java.util.Optional.empty(), java.util.Optional.empty(),
                    java.util.OptionalInt.empty(), List.of(), java.util.OptionalLong.empty(), true);
            var completion = policy.generate(request(sampling));
            assertThat(completion.finish()).isEqualTo(Completion.FinishReason.LENGTH);
            assertThat(completion.tokens()).hasValueSatisfying(t -> {
                assertThat(t.ids()).containsExactly(17, 4);
                assertThat(t.logprobs()).containsExactly(-0.5, -1.25);
            });
            assertThat(server.received.getFirst().body()).contains("\"logprobs\":true", "\"return_tokens_as_token_ids\":true");
        }
    }

    @Test
    void usesThePlainCompletionsEndpointWhenAsked() throws Exception {
        var body = "{\"choices\":[{\"text\":\" 42\",\"finish_reason\":\"stop\"}]}";
        try (var server = new ScriptedServer(List.of(Reply.ok(body)));
             var policy = new OpenAiPolicy(OpenAiConfig.of(server.baseUrl(), "m").withEndpoint(OpenAiConfig.Endpoint.COMPLETIONS))) {
            assertThat(policy.generate(request(Sampling.DEFAULT)).text()).isEqualTo(" 42");
            assertThat(server.received.getFirst().body()).contains("\"prompt\":\"What is 6*7?\"");
        }
    }

    @Test
    void refusesToStartWithoutItsApiKeyAndNeverShowsTheKey() {
        assertThatThrownBy(() -> new OpenAiPolicy(OpenAiConfig.of("http://127.0.0.1:1/v1", "m")
                .withApiKeyEnv("LYCEUM_TEST_SURELY_UNSET_KEY")))
                .hasMessageContaining("LYCEUM_TEST_SURELY_UNSET_KEY");
        var path = System.getenv("PATH"); // any variable that is set stands in for a key
        try (var policy = new OpenAiPolicy(OpenAiConfig.of("http://127.0.0.1:1/v1", "m").withApiKeyEnv("PATH"))) {
            assertThat(policy.describe()).doesNotContain(path);
        }
    }

    @Test
    void speaksTheResponsesApiAndAsksForJsonWhenToldTo() throws Exception {
        var body = "{\"id\":\"r\",\"object\":\"response\",\"status\":\"completed\",\"output\":["
                + "{\"type\":\"reasoning\",\"summary\":[]},"
                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"4\"},"
                + "{\"type\":\"output_text\",\"text\":\"2\"}]}],\"usage\":{\"input_tokens\":9,\"output_tokens\":3}}";
        try (var server = new ScriptedServer(List.of(Reply.ok(body)));
             var policy = new OpenAiPolicy(OpenAiConfig.of(server.baseUrl(), "m").withEndpoint(OpenAiConfig.Endpoint.RESPONSES)
                     .withJsonReplies(true).withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1)))) {
            var completion = policy.generate(request(Sampling.DEFAULT.withTemperature(0).withMaxTokens(16)));
            assertThat(completion.text()).isEqualTo("42");
            assertThat(completion.usage()).isEqualTo(new Completion.Usage(9, 3));
            var sent = server.received.getFirst().body();
            assertThat(sent).contains("\"input\":[{\"role\":\"user\",\"content\":\"What is 6*7?\"}]",
                    "\"max_output_tokens\":16", "\"text\":{\"format\":{\"type\":\"json_object\"}}").doesNotContain("messages");
        }
        try (var server = new ScriptedServer(List.of(Reply.ok(ScriptedServer.chat("{}"))));
             var policy = new OpenAiPolicy(OpenAiConfig.of(server.baseUrl(), "m").withJsonReplies(true))) {
            policy.generate(request(Sampling.DEFAULT));
            assertThat(server.received.getFirst().body()).contains("\"response_format\":{\"type\":\"json_object\"}");
        }
    }

    private static OpenAiPolicy policy(String baseUrl, int attempts) {
        return new OpenAiPolicy(OpenAiConfig.of(baseUrl, "m").withRetries(attempts, Duration.ofMillis(1), Duration.ofMillis(10)));
    }

    private static GenerationRequest request(Sampling sampling) {
        return new GenerationRequest(TASK, TASK.prompt(), sampling);
    }
}
