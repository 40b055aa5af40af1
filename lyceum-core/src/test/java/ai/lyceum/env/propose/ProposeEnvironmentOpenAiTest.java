package ai.lyceum.env.propose;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.policy.Policy;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A proposer and a solver that are OpenAI-compatible models: the episode against the stub server, end to end. */
class ProposeEnvironmentOpenAiTest {
    @TempDir
    Path dir;

    @Test
    void anLlmProposerAndSolverPlayAnEpisodeWithPerRoleRecordsInTheRunStore() throws Exception {
        Path answers = dir.resolve("answers.jsonl");
        var json = new ObjectMapper();
        Files.write(answers, List.of(
                json.writeValueAsString(Map.of("user", ArithmeticProposals.PROMPT, "reply", "12+30")),
                json.writeValueAsString(Map.of("user", "12+30=", "reply", "2040=42"))));
        Path script = Path.of(System.getProperty("lyceum.root", "..")).resolve("../shared/bench/stub_openai.py").normalize();
        var stub = new ProcessBuilder("python3", script.toString(), "--port", "0", "--answers", answers.toString(),
                "--default-reply", "I cannot say").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var out = new BufferedReader(new InputStreamReader(stub.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertThat(first).as("the stub's first line").startsWith("PORT ");
            String url = "http://127.0.0.1:" + first.substring(5).strip() + "/v1";
            try (Policy proposer = new OpenAiPolicy(OpenAiConfig.of(url, "proposer-model"));
                 Policy solver = new OpenAiPolicy(OpenAiConfig.of(url, "solver-model"));
                 var store = RunStore.open(dir.resolve("run"))) {
                var policies = Map.of(ProposeEnvironment.PROPOSER, proposer, ProposeEnvironment.SOLVER, solver);
                // Operands up to 2 digits: 12+30 is accepted and solved 4 times of 4.
                var env = new ProposeEnvironment("propose-arithmetic", new ArithmeticProposals(2), ProposerReward.LEARNABILITY, 4, 2);
                new RolloutEngine(env, policies, store.scope("accepted"), new RolloutEngine.Options(1, 2, 7, Duration.ofSeconds(30)))
                        .collect(env.tasks(), r -> {});
                // Operands of 1 digit: the same proposal is unsolvable, a typed failure; the solver is never asked.
                var strict = new ProposeEnvironment("propose-arithmetic", new ArithmeticProposals(1), ProposerReward.LEARNABILITY, 4, 2);
                new RolloutEngine(strict, policies, store.scope("rejected"), new RolloutEngine.Options(1, 2, 7, Duration.ofSeconds(30)))
                        .collect(strict.tasks(), r -> {});
            }
            var accepted = RunStore.openReadOnly(dir.resolve("run"));
            try (accepted) {
                var rows = accepted.rollouts("accepted");
                assertThat(rows).hasSize(2).allSatisfy(r -> {
                    assertThat(r.reward()).contains(1.0); // the solver's success rate
                    var rewards = json.readTree(r.rewardsJson());
                    assertThat(rewards.path("proposer").path("value").asDouble()).isZero(); // always solved: not learnable
                    assertThat(rewards.path("proposer").path("diagnostics").path("proposal").asText()).isEqualTo("12+30");
                    assertThat(rewards.path("solver").path("diagnostics").path("successes").asInt()).isEqualTo(4);
                    var turns = json.readTree(r.trajectoryJson()).path("turns");
                    assertThat(turns).hasSize(5);
                    assertThat(turns.get(0).path("role").asText()).isEqualTo("proposer");
                    assertThat(turns.get(4).path("role").asText()).isEqualTo("solver");
                    assertThat(turns.get(4).path("text").asText()).isEqualTo("2040=42");
                });
                assertThat(accepted.rollouts("rejected")).hasSize(2).allSatisfy(r -> {
                    assertThat(r.failureType()).contains("proposal_unsolvable");
                    assertThat(json.readTree(r.rewardsJson()).path("proposer").path("value").asDouble()).isEqualTo(-1.0);
                    assertThat(json.readTree(r.trajectoryJson()).path("turns")).hasSize(1);
                });
            }
        } finally {
            stub.destroy();
            stub.waitFor();
        }
    }
}
