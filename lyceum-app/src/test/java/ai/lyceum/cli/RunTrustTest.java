package ai.lyceum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.policy.openai.StubServer;
import ai.lyceum.train.model.Checkpoint;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Transformer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regression tests of issue 13's data-safety defects and issue 10's eval sampling and records. */
class RunTrustTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aSecondWriterOnARunningRunDirectoryIsRefusedAndTheFirstFinishesIntact() throws Exception {
        var out = tmp.resolve("run");
        int tasks = 200;
        try (var stub = StubServer.start(StubServer.Faults.none(Duration.ofMillis(40)), prompt -> "#### 1", 1)) {
            var args = List.of("eval", "--env", "gsm8k", "--limit", String.valueOf(tasks), "--policy", "openai",
                    "--base-url", stub.baseUrl().toString(), "--model", "stub", "--concurrency", "4", "--out", out.toString());
            var first = subprocess(args, tmp.resolve("first.log"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (recorded(out) < 10 && System.nanoTime() < deadline && first.isAlive()) Thread.sleep(20);
            assertThat(first.isAlive()).as("first run still running").isTrue();

            var second = EvalCommandTest.run(concat(args, "--resume"));
            assertThat(second.code()).isEqualTo(2);
            assertThat(second.stderr()).contains(out + " is in use by another Lyceum process (pid " + first.pid());

            assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as(Files.readString(tmp.resolve("first.log"))).isZero();
            assertThat(stub.served().get("200")).as("no rollout requested twice").isEqualTo(tasks);
        }
        var lines = Files.readAllLines(out.resolve("rollouts.jsonl"));
        var ids = new HashSet<String>();
        for (var l : lines) ids.add(JSON.readTree(l).get("task_id").asText());
        assertThat(ids).hasSize(tasks);
        assertThat(lines).hasSize(tasks);
    }

    @Test
    void anEmptyTaskFileExitsNonZeroAndPrintsNotApplicable() throws Exception {
        var empty = tmp.resolve("empty.jsonl");
        Files.writeString(empty, "");
        var result = EvalCommandTest.run("eval", "--env", "gsm8k", "--tasks", empty.toString(), "--policy", "gold",
                "--out", tmp.resolve("r").toString());
        assertThat(result.code()).isEqualTo(EvalCommand.EXIT_UNTRUSTWORTHY);
        assertThat(result.stderr()).contains("has no tasks in " + empty);
        assertThat(result.stdout()).contains("n/a").doesNotContain("0.000");
        assertThat(summary(tmp.resolve("r")).get("mean_reward").isNull()).isTrue();
    }

    @Test
    void aRunWhereEveryRolloutFailedExitsNonZeroAndPrintsNotApplicable() throws Exception {
        try (var stub = StubServer.start(new StubServer.Faults(Duration.ofMillis(1), 1.0, 0, 0), p -> "#### 1", 1)) {
            var result = EvalCommandTest.run("eval", "--env", "gsm8k", "--limit", "4", "--policy", "openai",
                    "--base-url", stub.baseUrl().toString(), "--model", "stub", "--max-attempts", "1",
                    "--out", tmp.resolve("r").toString());
            assertThat(result.code()).isEqualTo(EvalCommand.EXIT_UNTRUSTWORTHY);
            assertThat(result.stderr()).contains("every one of the 4 rollouts failed");
            assertThat(result.stdout()).containsPattern("mean reward +n/a").containsPattern("pass@1 +n/a")
                    .doesNotContain("over the 0 scored").doesNotContain("0.000");
            assertThat(summary(tmp.resolve("r")).get("mean_reward_scored").isNull()).isTrue();
        }
    }

    @Test
    void aFailureShareAboveTheLimitExitsNonZero() throws Exception {
        try (var stub = StubServer.start(new StubServer.Faults(Duration.ofMillis(1), 0.5, 0, 0), p -> "#### 1", 3)) {
            var base = List.of("eval", "--env", "gsm8k", "--limit", "40", "--policy", "openai",
                    "--base-url", stub.baseUrl().toString(), "--model", "stub", "--max-attempts", "1");
            var strict = EvalCommandTest.run(concat(base, "--out", tmp.resolve("a").toString()));
            assertThat(strict.code()).as(strict.stdout()).isEqualTo(EvalCommand.EXIT_UNTRUSTWORTHY);
            assertThat(strict.stderr()).contains("more than --max-failure-rate 0.25");
            var lenient = EvalCommandTest.run(concat(base, "--out", tmp.resolve("b").toString(), "--max-failure-rate", "1"));
            assertThat(lenient.code()).isZero();
        }
    }

    @Test
    void taskIdsStayExactlyAsInTheDataAndRolloutsCarryTheirTurns() throws Exception {
        var tasks = tmp.resolve("he.jsonl");
        Files.writeString(tasks, JSON.writeValueAsString(java.util.Map.of("task_id", "escape/net",
                "prompt", "def f():\n    \"\"\"Return one.\"\"\"\n", "canonical_solution", "    return 1\n",
                "test", "def check(candidate):\n    assert candidate() == 1\n", "entry_point", "f")) + "\n");
        var out = tmp.resolve("r");
        var result = EvalCommandTest.run("eval", "--env", "humaneval", "--tasks", tasks.toString(), "--policy", "gold",
                "--sandbox", "none", "--out", out.toString());
        assertThat(result.code()).as(result.stderr()).isZero();
        var line = JSON.readTree(Files.readAllLines(out.resolve("rollouts.jsonl")).getFirst());
        assertThat(line.get("task_id").asText()).isEqualTo("escape/net");
        assertThat(line.get("reward").asDouble()).isEqualTo(1.0);
        var turn = line.get("turns").get(0);
        assertThat(turn.get("role").asText()).isEqualTo("assistant");
        assertThat(turn.get("text").asText()).contains("return 1");
    }

    @Test
    void embeddedEvalCanBeGreedyAndResumeRefusesAnotherCheckpointOfTheSameName() throws Exception {
        var a = tmp.resolve("ckpt-a");
        var b = tmp.resolve("ckpt-b");
        Checkpoint.save(Transformer.initialize(ModelConfig.tiny(), 1), a);
        Checkpoint.save(Transformer.initialize(ModelConfig.tiny(), 2), b);
        var out = tmp.resolve("r");
        var args = List.of("eval", "--env", "cipher", "--limit", "3", "--samples", "2", "--temperature", "0",
                "--max-tokens", "12", "--max-failure-rate", "1", "--out", out.toString());
        var greedy = EvalCommandTest.run(concat(args, "--policy", "embedded:" + a));
        assertThat(greedy.code()).as(greedy.stderr()).isZero();
        var texts = new java.util.HashMap<String, List<String>>();
        for (var l : Files.readAllLines(out.resolve("rollouts.jsonl"))) {
            var node = JSON.readTree(l);
            var turn = node.get("turns").get(0);
            assertThat(turn.get("usage").get("completion_tokens").asInt()).isLessThanOrEqualTo(12);
            texts.computeIfAbsent(node.get("task_id").asText(), k -> new java.util.ArrayList<>()).add(turn.get("text").asText());
        }
        assertThat(texts).hasSize(3).allSatisfy((task, samples) ->
                assertThat(samples).as("greedy: both samples of " + task + " agree").hasSize(2).containsOnly(samples.get(0)));
        var s = summary(out);
        assertThat(s.get("policy").asText()).startsWith("embedded:tiny sha256:");
        assertThat(s.get("sampling").asText()).isEqualTo("temperature=0.0 max_tokens=12");

        var other = EvalCommandTest.run(concat(args, "--policy", "embedded:" + b, "--resume"));
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.stderr()).contains("--policy was embedded:tiny sha256:");
        var hotter = EvalCommandTest.run("eval", "--env", "cipher", "--limit", "3", "--samples", "2", "--temperature", "1",
                "--max-tokens", "12", "--out", out.toString(), "--policy", "embedded:" + a, "--resume");
        assertThat(hotter.stderr()).contains("sampling was 'temperature=0.0 max_tokens=12' in the stored run");
    }

    private static JsonNode summary(Path run) throws Exception {
        return JSON.readTree(run.resolve("summary.json").toFile());
    }

    static Process subprocess(List<String> args, Path log) throws Exception {
        var java = ProcessHandle.current().info().command().orElse("java");
        var command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dlyceum.root=" + System.getProperty("lyceum.root"), Lyceum.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String[] concat(List<String> args, String... more) {
        var all = new java.util.ArrayList<>(args);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    static int recorded(Path out) {
        var db = out.resolve("run.db");
        if (!Files.exists(db)) return 0;
        try (var c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
             var rs = c.createStatement().executeQuery("SELECT count(*) FROM rollouts")) {
            return rs.getInt(1);
        } catch (Exception e) {
            return 0; // not created yet
        }
    }
}
