package ai.lyceum.ares.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.ares.LoopbackServer;
import ai.lyceum.policy.openai.OpenAiTransport;
import ai.lyceum.failure.FailureException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OpenAiEmbeddingsTest {
    private static final OpenAiTransport.Settings FAST =
            new OpenAiTransport.Settings(Duration.ofSeconds(5), 2, Duration.ofMillis(1), Duration.ofMillis(5));
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void embedsPrefixedTextsInInputOrderEvenWhenTheServerAnswersOutOfOrder() throws Exception {
        var calls = new AtomicInteger();
        try (var server = LoopbackServer.start(r -> calls.incrementAndGet() == 1
                ? new LoopbackServer.Reply(429, "", Map.of("Retry-After", "0"))
                : LoopbackServer.Reply.ok("""
                        {"data": [{"index": 1, "embedding": [0, 1]}, {"index": 0, "embedding": [1, 0.5]}]}"""));
             var embedder = new OpenAiEmbeddings(server.baseUrl(), "nomic", "clustering: ", Optional.empty(), FAST)) {
            var vectors = embedder.embed(List.of("pick cube", "open drawer"));
            assertThat(vectors).hasSize(2);
            assertThat(vectors.get(0)).containsExactly(1f, 0.5f);
            assertThat(vectors.get(1)).containsExactly(0f, 1f);
            assertThat(embedder.retries()).containsEntry("retry.http_429", 1L);
            var sent = json.readTree(server.requests().get(1).body());
            assertThat(sent.path("model").asText()).isEqualTo("nomic");
            assertThat(sent.path("input").get(0).asText()).isEqualTo("clustering: pick cube");
            assertThat(server.requests().get(1).path()).isEqualTo("/v1/embeddings");
        }
    }

    @Test
    void aReplyWithTooFewVectorsIsAParseFailureNotAPartialResult() throws Exception {
        try (var server = LoopbackServer.start(r -> LoopbackServer.Reply.ok("{\"data\": [{\"index\": 0, \"embedding\": [1]}]}"));
             var embedder = new OpenAiEmbeddings(server.baseUrl(), "m", "", Optional.empty(), FAST)) {
            assertThatThrownBy(() -> embedder.embed(List.of("a", "b")))
                    .isInstanceOfSatisfying(FailureException.class, e -> assertThat(e.failure().type()).isEqualTo("parse"));
        }
    }

    @Test
    void rejectsVectorsOfDifferentDimensionsOrNonNumbers() {
        assertThatThrownBy(() -> OpenAiEmbeddings.vectors(json.readTree(
                "{\"data\": [{\"embedding\": [1, 2]}, {\"embedding\": [1]}]}"), 2)).hasMessageContaining("different dimensions");
        assertThatThrownBy(() -> OpenAiEmbeddings.vectors(json.readTree(
                "{\"data\": [{\"embedding\": [1, \"x\"]}]}"), 1)).hasMessageContaining("non-number");
        assertThatThrownBy(() -> OpenAiEmbeddings.vectors(json.readTree(
                "{\"data\": [{\"index\": 0, \"embedding\": [1]}, {\"index\": 0, \"embedding\": [2]}]}"), 2))
                .hasMessageContaining("repeated");
    }

    @Test
    void asksNoServerForNoTexts() throws Exception {
        try (var server = LoopbackServer.start(r -> LoopbackServer.Reply.status(500, ""));
             var embedder = new OpenAiEmbeddings(server.baseUrl(), "m", "", Optional.empty(), FAST)) {
            assertThat(embedder.embed(List.of())).isEmpty();
            assertThat(server.requests()).isEmpty();
        }
    }
}
