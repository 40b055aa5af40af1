package ai.lyceum.policy.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiTransportTest {
    private static final OpenAiTransport.Settings FAST =
            new OpenAiTransport.Settings(Duration.ofSeconds(5), 3, Duration.ofMillis(1), Duration.ofMillis(5));
    private final ObjectMapper json = new ObjectMapper();

    private static ScriptedServer.Reply reply(int status, String body) {
        return new ScriptedServer.Reply(status, Map.of(), body, Duration.ZERO);
    }

    @Test
    void retriesOverloadAndServerFaultsThenReturnsTheParsedReply() throws Exception {
        try (var server = new ScriptedServer(List.of(new ScriptedServer.Reply(429, Map.of("Retry-After", "0"), "slow down", Duration.ZERO),
                     reply(503, "busy"), ScriptedServer.Reply.ok("{\"answer\": 42}")));
             var client = OpenAiTransport.of(URI.create(server.baseUrl()), "/things", Optional.empty(), FAST)) {
            int answer = client.post(json.createObjectNode().put("q", "?"), reply -> reply.path("answer").intValue());
            assertThat(answer).isEqualTo(42);
            assertThat(client.retries()).containsEntry("retry.http_429", 1L).containsEntry("retry.http_503", 1L);
            assertThat(server.received).hasSize(3).allSatisfy(r -> {
                assertThat(r.path()).isEqualTo("/v1/things");
                assertThat(r.body()).isEqualTo("{\"q\":\"?\"}");
            });
        }
    }

    @Test
    void doesNotRetryARequestTheServerCallsWrong() throws Exception {
        try (var server = new ScriptedServer(List.of(reply(400, "bad model")));
             var client = OpenAiTransport.of(URI.create(server.baseUrl() + "/"), "/things", Optional.empty(), FAST)) {
            assertThatThrownBy(() -> client.post(json.createObjectNode(), reply -> reply))
                    .isInstanceOfSatisfying(FailureException.class, e ->
                            assertThat(e.failure()).isEqualTo(new Failure.HttpStatus(400, "bad model")));
            assertThat(server.received).hasSize(1);
        }
    }

    @Test
    void givesUpWithTheLastFailureWhenEveryReplyIsUnreadable() throws Exception {
        var unreadable = ScriptedServer.Reply.ok("{\"nothing\": true}");
        try (var server = new ScriptedServer(List.of(unreadable, unreadable, unreadable));
             var client = OpenAiTransport.of(URI.create(server.baseUrl()), "/things", Optional.empty(), FAST)) {
            assertThatThrownBy(() -> client.post(json.createObjectNode(), reply -> {
                if (!reply.has("answer")) throw new IOException("no answer");
                return reply;
            })).isInstanceOfSatisfying(FailureException.class, e -> assertThat(e.failure().type()).isEqualTo("parse"));
            assertThat(server.received).hasSize(3);
        }
    }

    @Test
    void sendsTheKeyFromTheEnvironmentButNeverPrintsIt() throws Exception {
        var key = System.getenv("PATH").strip(); // always set; stands in for a secret
        try (var server = new ScriptedServer(List.of(reply(401, "no")));
             var client = OpenAiTransport.of(URI.create(server.baseUrl()), "/things", Optional.of("PATH"), FAST)) {
            assertThatThrownBy(() -> client.post(json.createObjectNode(), reply -> reply))
                    .isInstanceOfSatisfying(FailureException.class, e -> assertThat(e.failure().detail()).doesNotContain(key));
            assertThat(server.received.getFirst().headers()).containsEntry("Authorization", List.of("Bearer " + key));
            assertThat(client.toString()).doesNotContain(key);
        }
    }

    @Test
    void refusesAMissingKeyVariableByNameOnly() {
        assertThatThrownBy(() -> OpenAiTransport.of(URI.create("http://127.0.0.1:9"), "/x",
                Optional.of("LYCEUM_TEST_SURELY_UNSET_KEY"), FAST))
                .hasMessageContaining("LYCEUM_TEST_SURELY_UNSET_KEY").hasMessageContaining("not set");
    }

    @Test
    void reportsAConnectionFailureWhenNothingListens() throws Exception {
        try (var client = OpenAiTransport.of(URI.create("http://127.0.0.1:9"), "/x", Optional.empty(), FAST)) {
            assertThatThrownBy(() -> client.post(json.createObjectNode(), reply -> reply))
                    .isInstanceOfSatisfying(FailureException.class, e -> assertThat(e.failure().type()).isEqualTo("connection"));
            assertThat(client.retries()).containsEntry("retry.connection", 2L);
        }
    }
}
