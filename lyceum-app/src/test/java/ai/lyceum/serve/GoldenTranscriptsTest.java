package ai.lyceum.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays the golden request/response transcripts of each protocol (under {@code serve/golden/}, written from
 * {@code ../shared/specs/servers.md}) against a real server on loopback serving GSM8K-format tasks, and demands
 * the same status and the same JSON, field for field.
 */
class GoldenTranscriptsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServedEnvironment env;
    private static LyceumServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        env = ServeFixtures.builtIn("gsm8k", "math.jsonl");
        server = LyceumServer.start(env, ServeOptions.loopback(0));
    }

    @AfterAll
    static void stop() {
        server.close();
        env.close();
    }

    @Test
    void openEnvHttpTranscriptReplays() throws Exception { replayHttp("openenv-http.json"); }

    @Test
    void nemoGymTranscriptReplays() throws Exception { replayHttp("nemogym.json"); }

    @Test
    void openRlhfTranscriptReplays() throws Exception { replayHttp("openrlhf.json"); }

    @Test
    void openEnvWebSocketTranscriptReplays() throws Exception {
        var transcript = transcript("openenv-ws.json");
        try (var ws = OpenEnvWsClient.connect(HTTP, URI.create("ws://127.0.0.1:" + server.port() + "/ws"), Optional.empty(),
                Duration.ofSeconds(10))) {
            int i = 0;
            for (var exchange : transcript) {
                var sent = exchange.has("send_raw") ? exchange.get("send_raw").asText() : JSON.writeValueAsString(exchange.get("send"));
                var reply = JSON.readTree(ws.send(sent));
                assertThat(reply).as("exchange %d: %s", i++, sent).isEqualTo(exchange.get("receive"));
            }
        }
    }

    private static void replayHttp(String file) throws Exception {
        int i = 0;
        for (var exchange : transcript(file)) {
            var request = exchange.get("request");
            var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + request.get("path").asText()))
                    .header("Content-Type", "application/json");
            if (request.get("method").asText().equals("GET")) {
                builder.GET();
            } else {
                var body = request.has("raw_body") ? request.get("raw_body").asText()
                        : request.has("body") ? JSON.writeValueAsString(request.get("body")) : "";
                builder.POST(HttpRequest.BodyPublishers.ofString(body));
            }
            var response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            var expected = exchange.get("response");
            var what = file + " exchange " + i++ + ": " + request.get("method").asText() + " " + request.get("path").asText();
            assertThat(response.statusCode()).as(what).isEqualTo(expected.get("status").asInt());
            assertThat(JSON.readTree(response.body())).as(what).isEqualTo(expected.get("body"));
        }
        assertThat(i).isGreaterThan(0);
    }

    private static JsonNode transcript(String file) throws Exception {
        return JSON.readTree(Files.readString(ServeFixtures.resource("golden/" + file)));
    }
}
