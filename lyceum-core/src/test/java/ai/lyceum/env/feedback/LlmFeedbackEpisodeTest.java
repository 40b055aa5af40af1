package ai.lyceum.env.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.Role;
import ai.lyceum.env.SingleTurnEnvironment;
import ai.lyceum.env.feedback.FeedbackEnvironment.RetryContext;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.Sampling;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import ai.lyceum.task.Task;
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
 * Feedback episodes whose student and teacher are OpenAI-compatible models: both served by the shared stub
 * ({@code ../shared/bench/stub_openai.py}) on loopback, which answers the exact last user message from a table.
 */
class LlmFeedbackEpisodeTest {
    @TempDir
    Path dir;

    private static final Task TASK = Task.of("t1", "What is 17 * 23?", "391");
    private static final String FEEDBACK = "Your product is 10 short: recompute 17 * 3.";

    /** The stub server as a child process; the first stdout line is {@code PORT n}. */
    private record Stub(Process process, int port) implements AutoCloseable {
        static Stub start(Path answers, String... flags) throws Exception {
            var root = Path.of(System.getProperty("lyceum.root", Path.of("").toAbsolutePath().getParent().toString()));
            var command = new ArrayList<>(List.of("python3", root.resolve("../shared/bench/stub_openai.py").normalize().toString(),
                    "--port", "0", "--answers", answers.toString(), "--default-reply", FEEDBACK));
            command.addAll(List.of(flags));
            var process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            var line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (line == null || !line.startsWith("PORT ")) {
                process.destroyForcibly();
                throw new IllegalStateException("the stub server did not start: " + line);
            }
            return new Stub(process, Integer.parseInt(line.substring(5).strip()));
        }

        Policy policy(String model) {
            return new OpenAiPolicy(OpenAiConfig.of("http://127.0.0.1:" + port + "/v1", model)
                    .withRetries(2, Duration.ofMillis(1), Duration.ofMillis(5)));
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            process.waitFor();
        }
    }

    private static SingleTurnEnvironment exact() {
        return new SingleTurnEnvironment("exact", () -> List.of(TASK), trajectory -> {
            String answer = trajectory.lastBy(Role.ASSISTANT).orElseThrow().text().strip();
            return RewardResult.of(answer.equals("391") ? 1 : 0, Map.of("answer", answer, "verdict",
                    answer.equals("391") ? "right" : answer + " is not 17 * 23"));
        }, Sampling.DEFAULT);
    }

    private Path answers() throws Exception {
        var file = dir.resolve("answers.jsonl");
        Files.writeString(file, """
                {"user": "What is 17 * 23?", "reply": "381"}
                {"user": "Feedback from a teacher: Your product is 10 short: recompute 17 * 3.\\n\\nTry again.", "reply": "391"}
                """);
        return file;
    }

    @Test
    void aModelTeachersFeedbackLetsAModelStudentSolveAndTheRunStoreKeepsEachRolesTurnsAndRewards() throws Exception {
        var env = new FeedbackEnvironment(exact(), 3, GuidanceKind.ERROR, RetryContext.CONVERSATION, Sampling.DEFAULT, 500, false);
        try (var stub = Stub.start(answers()); var student = stub.policy("student"); var teacher = stub.policy("teacher");
             var store = RunStore.open(dir.resolve("run"))) {
            var rollouts = new RolloutEngine(env, Map.of(Role.ASSISTANT, student, Role.TEACHER, teacher), store.scope("llm"),
                    new RolloutEngine.Options(2, 2, 1, Duration.ofSeconds(30))).collect(List.of(TASK), r -> {});
            for (var rollout : rollouts) {
                assertThat(rollout.failure()).isEmpty();
                assertThat(rollout.trajectory().turns()).extracting(t -> t.role()).containsExactly(Role.ASSISTANT, Role.TEACHER, Role.ASSISTANT);
                assertThat(rollout.trajectory().turns().get(1).completion().text()).isEqualTo(FEEDBACK);
                assertThat(rollout.rewards().get(Role.ASSISTANT).value()).isEqualTo(1);
                assertThat(rollout.rewards().get(Role.TEACHER).value()).isEqualTo(1);
            }
            store.flush();
            var records = store.rollouts("llm");
            assertThat(records).hasSize(2);
            for (var record : records) {
                assertThat(record.reward()).contains(1.0);
                assertThat(record.rewardsJson()).contains("\"teacher\"").contains("\"assistant\"").contains("attempt_1");
                assertThat(record.trajectoryJson()).contains("\"teacher\"").contains(FEEDBACK).contains("<attempt n=\\\"1\\\">");
            }
        }
    }

    @Test
    void aTeacherServerThatFailsIsATypedFailureCountedInTheRunStore() throws Exception {
        var env = new FeedbackEnvironment(exact(), 2, GuidanceKind.ERROR, RetryContext.CONVERSATION, Sampling.DEFAULT, 500, false);
        try (var good = Stub.start(answers()); var broken = Stub.start(answers(), "--error-rate", "1.0");
             var student = good.policy("student"); var teacher = broken.policy("teacher");
             var store = RunStore.open(dir.resolve("run"))) {
            var rollouts = new RolloutEngine(env, Map.of(Role.ASSISTANT, student, Role.TEACHER, teacher), store.scope("llm"),
                    new RolloutEngine.Options(3, 3, 1, Duration.ofSeconds(30))).collect(List.of(TASK), r -> {});
            assertThat(rollouts).allSatisfy(r -> {
                assertThat(r.failure()).hasValueSatisfying(f -> assertThat(f.type()).isEqualTo("http_500"));
                assertThat(r.trajectory().turns()).extracting(t -> t.role()).containsExactly(Role.ASSISTANT);
            });
            store.flush();
            assertThat(store.rollouts("llm")).hasSize(3).allSatisfy(record -> assertThat(record.failureType()).contains("http_500"));
        }
    }
}
