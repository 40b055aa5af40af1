package ai.lyceum.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.procedural.GuessNumberEnvironment;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.StubServer;
import ai.lyceum.reward.judge.JudgeOptions;
import ai.lyceum.reward.judge.Judges;
import ai.lyceum.reward.rubric.Aggregation;
import ai.lyceum.reward.rubric.Grading;
import ai.lyceum.reward.rubric.RubricEnvironment;
import ai.lyceum.reward.rubric.RubricScorer;
import ai.lyceum.reward.rubric.RubricWeighting;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Sessions, security and every reward kind through real servers on loopback. */
class ServeBehaviourTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void aTokenGuardsEveryRouteButHealthIncludingTheWebSocket() throws Exception {
        try (var env = ServeFixtures.builtIn("gsm8k", "math.jsonl");
             var server = LyceumServer.start(env, ServeOptions.loopback(0).withToken("s3cret"))) {
            var reward = "{\"query\": [\"Q #### 7\"], \"prompts\": [\"Q\"], \"labels\": [\"7\"]}";
            assertThat(get(server, "/health", Optional.empty()).statusCode()).isEqualTo(200);
            assertThat(post(server, "/get_reward", reward, Optional.empty()).statusCode()).isEqualTo(401);
            assertThat(post(server, "/get_reward", reward, Optional.of("wrong")).statusCode()).isEqualTo(401);
            var ok = post(server, "/get_reward", reward, Optional.of("s3cret"));
            assertThat(JSON.readTree(ok.body()).get("rewards").get(0).asDouble()).isEqualTo(1.0);

            try (var ws = ws(server, Optional.empty())) {
                assertThat(JSON.readTree(ws.receive()).get("data").get("code").asText()).isEqualTo("SESSION_ERROR");
                assertThat(ws.receive()).startsWith("<closed 1008");
            }
            try (var ws = ws(server, Optional.of("s3cret"))) {
                assertThat(JSON.readTree(ws.send("{\"type\": \"reset\", \"data\": {\"seed\": 0}}")).get("type").asText()).isEqualTo("observation");
            }
        }
    }

    @Test
    void sessionsBeyondCapacityAreRefusedWithCapacityReached() throws Exception {
        try (var env = ServeFixtures.builtIn("gsm8k", "math.jsonl");
             var server = LyceumServer.start(env, ServeOptions.loopback(0).withMaxSessions(2));
             var first = ws(server, Optional.empty()); var second = ws(server, Optional.empty())) {
            assertThat(first.send("{\"type\": \"reset\", \"data\": {\"seed\": 0}}")).contains("\"observation\"");
            assertThat(second.send("{\"type\": \"reset\", \"data\": {\"seed\": 1}}")).contains("\"observation\"");
            try (var third = ws(server, Optional.empty())) {
                assertThat(JSON.readTree(third.receive()).get("data").get("code").asText()).isEqualTo("CAPACITY_REACHED");
            }
            assertThat(first.send("{\"type\": \"state\"}")).contains("\"state\""); // the admitted ones are still served
        }
    }

    @Test
    void anIdleSessionIsReapedAndItsClientToldWhy() throws Exception {
        try (var env = ServeFixtures.builtIn("gsm8k", "math.jsonl");
             var server = LyceumServer.start(env, ServeOptions.loopback(0).withIdleLimit(Duration.ofMillis(300)));
             var ws = ws(server, Optional.empty())) {
            assertThat(ws.send("{\"type\": \"reset\", \"data\": {\"seed\": 0}}")).contains("\"observation\"");
            TimeUnit.MILLISECONDS.sleep(1_200);
            var notice = JSON.readTree(ws.receive());
            assertThat(notice.get("data").get("code").asText()).isEqualTo("SESSION_ERROR");
            assertThat(notice.get("data").get("message").asText()).contains("reaped");
            assertThat(ws.receive()).startsWith("<closed 1000");
        }
    }

    @Test
    void aMultiTurnEpisodeRunsOverTheWebSocketButNotAsAOneShotReward() throws Exception {
        try (var env = new ServedEnvironment(new GuessNumberEnvironment(1, 10, 10));
             var server = LyceumServer.start(env, ServeOptions.loopback(0)); var ws = ws(server, Optional.empty())) {
            var reply = JSON.readTree(ws.send("{\"type\": \"reset\", \"data\": {\"seed\": 3}}"));
            int lo = 1;
            int hi = 1023;
            int steps = 0;
            while (!reply.get("data").get("done").asBoolean()) {
                var messages = reply.get("data").get("observation").get("messages");
                var last = messages.get(messages.size() - 1).get("content").asText();
                if (steps > 0 && last.equals("higher")) lo = (lo + hi) / 2 + 1;
                if (steps > 0 && last.equals("lower")) hi = (lo + hi) / 2 - 1;
                reply = JSON.readTree(ws.send("{\"type\": \"step\", \"data\": {\"content\": \"" + (lo + hi) / 2 + "\"}}"));
                steps++;
            }
            assertThat(reply.get("data").get("reward").asDouble()).isEqualTo(1.0);
            assertThat(steps).isBetween(1, 10);
            var state = JSON.readTree(ws.send("{\"type\": \"state\"}"));
            assertThat(state.get("data").get("step_count").asInt()).isEqualTo(steps);

            var oneShot = JSON.readTree(post(server, "/get_reward", "{\"query\": [\"Q 5\"], \"prompts\": [\"Q \"], \"labels\": [\"500\"]}",
                    Optional.empty()).body());
            assertThat(oneShot.get("failures").get(0).get("type").asText()).isEqualTo("environment_error");
            assertThat(oneShot.get("failures").get(0).get("detail").asText()).contains("more than one turn");
        }
    }

    @Test
    void aReplyLongerThanTheInputBufferArrivesWhole() throws Exception {
        try (var env = new ServedEnvironment(new GuessNumberEnvironment(1, 10, 10));
             var server = LyceumServer.start(env, ServeOptions.loopback(0)); var ws = ws(server, Optional.empty())) {
            ws.send("{\"type\": \"reset\", \"data\": {\"seed\": 3}}");
            var guess = " ".repeat(20_000) + "0"; // below every secret, so the episode goes on
            var reply = JSON.readTree(ws.send(JSON.writeValueAsString(JSON.createObjectNode().put("type", "step")
                    .set("data", JSON.createObjectNode().put("content", guess)))));
            var messages = reply.get("data").get("observation").get("messages");
            assertThat(messages.get(messages.size() - 2).get("content").asText()).isEqualTo(guess);
            assertThat(messages.get(messages.size() - 1).get("content").asText()).isEqualTo("higher");
            assertThat(JSON.readTree(ws.send("{\"type\": \"state\"}")).get("data").get("step_count").asInt()).isEqualTo(1);
        }
    }

    @Test
    void theChoiceRewardIsServedOverNemoGymVerify() throws Exception {
        try (var env = ServeFixtures.builtIn("mmlu-stem", "mmlu.jsonl"); var server = LyceumServer.start(env, ServeOptions.loopback(0))) {
            assertThat(verify(server, "mmlu-stem-0", "Plants take in CO2.\nAnswer: B").get("reward").asDouble()).isEqualTo(1.0);
            assertThat(verify(server, "mmlu-stem-0", "Answer: A").get("reward").asDouble()).isEqualTo(0.0);
        }
    }

    @Test
    void theCodeRewardRunsTheEnvironmentsTestsInTheSandbox() throws Exception {
        try (var env = ServeFixtures.builtIn("mbpp", "mbpp.jsonl"); var server = LyceumServer.start(env, ServeOptions.loopback(0))) {
            var label = JSON.writeValueAsString("{\"task_id\": \"1\"}");
            var body = "{\"query\": [\"P```python\\ndef add(a, b):\\n    return a + b\\n```\", \"P```python\\ndef add(a, b):\\n    return a - b\\n```\", \"P\"],"
                    + " \"prompts\": [\"P\", \"P\", \"P\"], \"labels\": [" + label + ", " + label + ", " + label + "]}";
            var out = JSON.readTree(post(server, "/get_reward", body, Optional.empty()).body());
            assertThat(out.get("rewards").get(0).asDouble()).as(out.toString()).isEqualTo(1.0);
            assertThat(out.get("rewards").get(1).asDouble()).isEqualTo(0.0);
            assertThat(out.get("failures").get(1).isNull()).isTrue();
            assertThat(out.get("failures").get(2).path("type").asText()).as(out.toString()).isEqualTo("parse");
            var verified = verify(server, "1", "```python\ndef add(a, b):\n    return a + b\n```");
            assertThat(verified.get("reward_components").get("fraction_of_tests").asDouble()).isEqualTo(1.0);
        }
    }

    @Test
    void theRubricRewardAsksAnLlmJudgeAndTypesItsFailures() throws Exception {
        // The loopback stub judge grades each criterion by what the response states about its point ("p1=full").
        Function<String, String> judgeModel = prompt -> {
            int at = prompt.lastIndexOf("Covers point p");
            var key = " p" + prompt.charAt(at + "Covers point p".length()) + "=";
            int state = prompt.lastIndexOf(key);
            if (state < 0) return "{\"verdict\": \"not_satisfied\", \"explanation\": \"stub\"}";
            return switch (prompt.charAt(state + key.length())) {
                case 'f' -> "{\"verdict\": \"satisfied\", \"explanation\": \"stub\"}";
                case 'p' -> "{\"verdict\": \"partially_satisfied\", \"explanation\": \"stub\"}";
                case 'n' -> "{\"verdict\": \"not_satisfied\", \"explanation\": \"stub\"}";
                default -> "I will not answer in JSON.";
            };
        };
        try (var stub = StubServer.start(StubServer.Faults.none(Duration.ofMillis(1)), judgeModel, 1);
             var judge = Judges.fromSpec("openai", JudgeOptions.defaults(),
                     Optional.of(OpenAiConfig.of(stub.baseUrl().toString(), "stub-judge")), Optional.empty());
             var env = new ServedEnvironment(RubricEnvironment.create(ServeFixtures.resource("rubric.jsonl"),
                     new RubricScorer(judge, Aggregation.parse("explicit",
                             Grading.TERNARY, false), RubricWeighting.DATA_INTEGER)));
             var server = LyceumServer.start(env, ServeOptions.loopback(0))) {
            var label = JSON.writeValueAsString("{\"task_id\": \"essay-1\"}");
            var body = "{\"query\": [\"Q: Rayleigh scattering. p1=full p2=part\", \"Q: So. p1=none p2=full\", \"Q: So. p1=garbled\"],"
                    + " \"prompts\": [\"Q: \", \"Q: \", \"Q: \"], \"labels\": [" + label + ", " + label + ", " + label + "]}";
            var out = JSON.readTree(post(server, "/get_reward", body, Optional.empty()).body());
            assertThat(out.get("rewards").get(0).asDouble()).as(out.toString()).isEqualTo((3 + 0.5) / 4);
            assertThat(out.get("rewards").get(1).asDouble()).isEqualTo(1 / 4.0);
            assertThat(out.get("failures").get(2).path("type").asText()).as(out.toString()).isEqualTo("parse");
        }
    }

    @Test
    void theStandardLibraryPythonClientsInDocsRunAnEpisodeAndRewardCalls() throws Exception {
        var docs = Path.of(System.getProperty("lyceum.root"), "docs", "serving");
        try (var env = ServeFixtures.builtIn("gsm8k", "math.jsonl"); var server = LyceumServer.start(env, ServeOptions.loopback(0))) {
            var episode = JSON.readTree(python(docs.resolve("openenv_client.py"), "ws://127.0.0.1:" + server.port() + "/ws"));
            assertThat(episode.get("reward").asDouble()).isEqualTo(1.0);
            assertThat(episode.get("task_id").asText()).isEqualTo("gsm8k-0");
            var rewards = JSON.readTree(python(docs.resolve("reward_client.py"), "http://127.0.0.1:" + server.port()));
            assertThat(rewards.get("get_reward").get(0).asDouble()).isEqualTo(1.0);
            assertThat(rewards.get("verify").asDouble()).isEqualTo(1.0);
        }
    }

    private static String python(Path script, String url) throws Exception {
        var process = new ProcessBuilder("python3", script.toString(), url).redirectErrorStream(true).start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.strip();
    }

    private static JsonNode verify(LyceumServer server, String taskId, String answer) throws Exception {
        var body = JSON.createObjectNode();
        body.putObject("responses_create_params").put("input", "question");
        body.putObject("response").putArray("output").addObject().put("type", "message").put("role", "assistant")
                .putArray("content").addObject().put("type", "output_text").put("text", answer);
        body.put("task_id", taskId);
        var response = post(server, "/verify", JSON.writeValueAsString(body), Optional.empty());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static OpenEnvWsClient ws(LyceumServer server, Optional<String> token) throws Exception {
        return OpenEnvWsClient.connect(HTTP, URI.create("ws://127.0.0.1:" + server.port() + "/ws"), token, TIMEOUT);
    }

    private static HttpResponse<String> get(LyceumServer server, String path, Optional<String> token) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET();
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(LyceumServer server, String path, String body, Optional<String> token) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
