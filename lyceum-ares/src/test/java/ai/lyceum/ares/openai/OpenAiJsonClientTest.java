package ai.lyceum.ares.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OpenAiJsonClientTest {
    private static final OpenAiJsonClient.Settings FAST =
            new OpenAiJsonClient.Settings(Duration.ofSeconds(5), 3, Duration.ofMillis(1), Duration.ofMillis(5));
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void retriesOverloadAndServerFaultsThenReturnsTheParsedReply() throws Exception {
        var calls = new AtomicInteger();
        try (var server = LoopbackServer.start(r -> switch (calls.incrementAndGet()) {
                 case 1 -> new LoopbackServer.Reply(429, "slow down", Map.of("Retry-After", "0"));
                 case 2 -> LoopbackServer.Reply.status(503, "busy");
                 default -> LoopbackServer.Reply.ok("{\"answer\": 42}");
             });
             var client = new OpenAiJsonClient(server.baseUrl(), "/things", Optional.empty(), FAST)) {
            int answer = client.post(json.createObjectNode().put("q", "?"), reply -> reply.path("answer").intValue());
            assertThat(answer).isEqualTo(42);
            assertThat(client.retries()).containsEntry("retry.http_429", 1L).containsEntry("retry.http_503", 1L);
            assertThat(server.requests()).hasSize(3).allSatisfy(r -> {
                assertThat(r.path()).isEqualTo("/v1/things");
                assertThat(r.body()).isEqualTo("{\"q\":\"?\"}");
            });
        }
    }

    @Test
    void doesNotRetryARequestTheServerCallsWrong() throws Exception {
        try (var server = LoopbackServer.start(r -> LoopbackServer.Reply.status(400, "bad model"));
             var client = new OpenAiJsonClient(URI.create(server.baseUrl() + "/v1/"), "/things", Optional.empty(), FAST)) {
            assertThatThrownBy(() -> client.post(json.createObjectNode(), reply -> reply))
                    .isInstanceOfSatisfying(FailureException.class, e ->
                            assertThat(e.failure()).isEqualTo(new Failure.HttpStatus(400, "bad model")));
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void givesUpWithTheLastFailureWhenEveryReplyIsUnreadable() throws Exception {
        try (var server = LoopbackServer.start(r -> LoopbackServer.Reply.ok("{\"nothing\": true}"));
             var client = new OpenAiJsonClient(server.baseUrl(), "/things", Optional.empty(), FAST)) {
            assertThatThrownBy(() -> client.post(json.createObjectNode(), reply -> {
                if (!reply.has("answer")) throw new IOException("no answer");
                return reply;
            })).isInstanceOfSatisfying(FailureException.class, e -> assertThat(e.failure().type()).isEqualTo("parse"));
            assertThat(server.requests()).hasSize(3);
        }
    }

    @Test
    void sendsTheKeyFromTheEnvironmentButNeverPrintsIt() throws Exception {
        var key = System.getenv("PATH").strip(); // always set; stands in for a secret
        try (var server = LoopbackServer.start(r -> LoopbackServer.Reply.status(401, "no"));
             var client = new OpenAiJsonClient(server.baseUrl(), "/things", Optional.of("PATH"), FAST)) {
            assertThatThrownBy(() -> client.post(json.createObjectNode(), reply -> reply))
                    .isInstanceOfSatisfying(FailureException.class, e -> assertThat(e.failure().detail()).doesNotContain(key));
            assertThat(server.requests().get(0).headers()).containsEntry("authorization", "Bearer " + key);
            assertThat(client.toString()).doesNotContain(key);
        }
    }

    @Test
    void refusesAMissingKeyVariableByNameOnly() {
        assertThatThrownBy(() -> new OpenAiJsonClient(URI.create("http://127.0.0.1:9"), "/x",
                Optional.of("LYCEUM_TEST_SURELY_UNSET_KEY"), FAST))
                .hasMessageContaining("LYCEUM_TEST_SURELY_UNSET_KEY").hasMessageContaining("not set");
    }

    @Test
    void reportsAConnectionFailureWhenNothingListens() throws Exception {
        try (var client = new OpenAiJsonClient(URI.create("http://127.0.0.1:9"), "/x", Optional.empty(), FAST)) {
            assertThatThrownBy(() -> client.post(json.createObjectNode(), reply -> reply))
                    .isInstanceOfSatisfying(FailureException.class, e -> assertThat(e.failure().type()).isEqualTo("connection"));
            assertThat(client.retries()).containsEntry("retry.connection", 2L);
        }
    }
}
