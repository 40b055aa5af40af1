package ai.lyceum.env.selfplay;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.Step;
import ai.lyceum.env.selfplay.SelfPlayEnvironment.Game;
import ai.lyceum.env.selfplay.SelfPlayEnvironment.Scoring;
import ai.lyceum.json.Json;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An LLM-backed self-play episode end to end: both seats are OpenAI-compatible policies served by the reference
 * stub server (../shared/bench/stub_openai.py) on loopback, answering each exact observation from an answers file;
 * every game lands in a real run store with both roles' rewards and diagnostics.
 */
class SelfPlayStubServerTest {
    private static final Path STUB = Path.of(System.getProperty("lyceum.root", "..")).toAbsolutePath().normalize()
            .resolveSibling("shared").resolve("bench").resolve("stub_openai.py");

    @Test
    void twoServedPlayersFinishAGameAndAnIllegalMoveIsRecordedPerRole(@TempDir Path dir) throws Exception {
        var env = new SelfPlayEnvironment(Game.TICTACTOE, Layout.REFERENCE, Scoring.EVALUATION, 1, 1, 256);
        // Both seats take the lowest free cell, reasoning first: O plays 0, 2, 4, 6 and wins on the diagonal 2-4-6.
        var answers = new ArrayList<String>();
        var episode = env.start(env.tasks().getFirst());
        var step = episode.begin();
        var mapper = Json.newMapper();
        while (step instanceof Step.Act act) {
            String user = act.messages().getLast().content();
            String cell = user.substring(user.indexOf("Available Moves: '[") + 19).substring(0, 1);
            String reply = "The lowest free square keeps it simple.\n\\boxed{" + cell + "}";
            answers.add(mapper.writeValueAsString(Map.of("user", user, "reply", reply)));
            step = episode.advance(Completion.ofText(reply));
        }
        Path answersFile = dir.resolve("answers.jsonl");
        Files.write(answersFile, answers);

        var stub = new ProcessBuilder("python3", STUB.toString(), "--port", "0", "--answers", answersFile.toString(),
                "--default-reply", "I would rather not say.").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var out = new BufferedReader(new InputStreamReader(stub.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertThat(first).startsWith("PORT ");
            String baseUrl = "http://127.0.0.1:" + first.substring(5).strip() + "/v1";
            try (var store = RunStore.open(dir.resolve("run"));
                 var p0 = new OpenAiPolicy(OpenAiConfig.of(baseUrl, "stub-o"));
                 var p1 = new OpenAiPolicy(OpenAiConfig.of(baseUrl, "stub-x"))) {
                var options = new RolloutEngine.Options(1, 2, 7, Duration.ofSeconds(60));
                new RolloutEngine(env, Map.of("player-0", p0, "player-1", p1), store.scope("ttt"), options)
                        .collect(env.tasks(), r -> {});
                // Kuhn poker: the stub's default reply names no action, so player 1 (who opens) loses on the spot.
                var kuhn = new SelfPlayEnvironment(Game.KUHN_POKER, Layout.REFERENCE, Scoring.EVALUATION, 2, 1, 256);
                var kuhnRollouts = new RolloutEngine(kuhn, Map.of("player-0", p0, "player-1", p1), store.scope("kuhn"), options)
                        .collect(kuhn.tasks(), r -> {});
                var record = Match.tally(kuhnRollouts, "player-1", "stub");
                assertThat(List.of(record.wins(), record.losses(), record.invalidMoves(), record.failed())).containsExactly(0, 2, 2, 0);

                var game = store.rollouts("ttt").getFirst();
                assertThat(game.failureType()).isEmpty();
                JsonNode rewards = mapper.readTree(game.rewardsJson());
                assertThat(rewards.get("player-0").get("value").asDouble()).isEqualTo(1.0);
                assertThat(rewards.get("player-1").get("value").asDouble()).isEqualTo(-1.0);
                assertThat(rewards.get("player-0").get("diagnostics").get("outcome").asText()).isEqualTo("win");
                assertThat(rewards.get("player-0").get("diagnostics").get("moves").asInt()).isEqualTo(7);
                JsonNode turns = mapper.readTree(game.trajectoryJson()).get("turns");
                List<String> roles = new ArrayList<>();
                turns.forEach(t -> roles.add(t.get("role").asText()));
                assertThat(roles).containsExactly("player-0", "player-1", "player-0", "player-1", "player-0", "player-1", "player-0");
                assertThat(turns.get(6).get("text").asText()).endsWith("\\boxed{6}");

                var kuhnGames = store.rollouts("kuhn");
                assertThat(kuhnGames).hasSize(2);
                for (var g : kuhnGames) {
                    JsonNode r = mapper.readTree(g.rewardsJson());
                    assertThat(r.get("player-1").get("value").asDouble()).isEqualTo(-1.0);
                    assertThat(r.get("player-0").get("value").asDouble()).isEqualTo(1.0);
                    assertThat(r.get("player-1").get("diagnostics").get("ended_by").asText()).isEqualTo("invalid_action");
                    assertThat(r.get("player-1").get("diagnostics").get("invalid_move").asBoolean()).isTrue();
                    assertThat(r.get("player-1").get("diagnostics").get("invalid_answer").asText()).isEqualTo("I would rather not say.");
                    assertThat(r.get("player-0").get("diagnostics").get("invalid_move").asBoolean()).isFalse();
                }
            }
        } finally {
            stub.destroy();
            stub.waitFor();
        }
    }
}
