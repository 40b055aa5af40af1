package ai.lyceum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.ares.Ares;
import ai.lyceum.ares.synth.SyntheticLeRobot;
import ai.lyceum.ares.web.AresServer;
import ai.lyceum.train.model.Checkpoint;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Transformer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13's list of errors a person must be able to act on: one line naming the input, no stack trace. */
class ActionableErrorsTest {
    @TempDir
    Path tmp;

    private static void plainError(EvalCommandTest.Result r, String... expected) {
        assertThat(r.code()).as(r.stdout() + r.stderr()).isEqualTo(2);
        assertThat(r.stderr()).contains(expected).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void trainChecksItsOptionsBeforePrintingOrCreatingAnything() {
        var out = tmp.resolve("t");
        plainError(EvalCommandTest.run("train", "--env", "cipher", "--algo", "sft", "--init", "/nonexistent", "--steps", "2", "--out", out.toString()),
                "--init /nonexistent: not a checkpoint directory");
        var bogus = EvalCommandTest.run("train", "--env", "cipher", "--algo", "bogus", "--steps", "2", "--out", out.toString());
        plainError(bogus, "--algo must be sft, grpo or guide, was bogus");
        assertThat(bogus.stdout()).doesNotContain("train bogus");
        plainError(EvalCommandTest.run("train", "--env", "cipher", "--algo", "guide", "--teacher", "openai", "--steps", "2",
                "--out", out.toString()), "--teacher openai needs --teacher-base-url");
        assertThat(out.resolve("run.db")).doesNotExist();
    }

    @Test
    void aTruncatedCheckpointIsNamed() throws Exception {
        var ckpt = tmp.resolve("ckpt");
        Checkpoint.save(Transformer.initialize(ModelConfig.tiny(), 1), ckpt);
        var weights = ckpt.resolve(Checkpoint.WEIGHTS);
        var bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        plainError(EvalCommandTest.run("eval", "--env", "cipher", "--policy", "embedded:" + ckpt, "--out", tmp.resolve("r").toString()),
                "--policy " + ckpt + ": cannot read the checkpoint", "truncated");
        plainError(EvalCommandTest.run("train", "--env", "cipher", "--algo", "sft", "--init", ckpt.toString(), "--steps", "1",
                "--out", tmp.resolve("t").toString()), "--init " + ckpt + ": cannot read the checkpoint", "truncated");
    }

    @Test
    void inputThatIsNotUtf8IsNamedWithItsLine() throws Exception {
        var bad = tmp.resolve("bad.jsonl");
        var text = new ByteArrayOutputStream();
        text.write("{\"gold\": \"1\", \"pred\": \"1\"}\n".getBytes(StandardCharsets.UTF_8));
        text.write(new byte[] {'{', '"', 'g', 'o', 'l', 'd', '"', ':', ' ', '"', (byte) 0xff, '"', '}', '\n'});
        Files.write(bad, text.toByteArray());
        plainError(EvalCommandTest.run("verify", "math", "--input", bad.toString()), bad + ":2: not UTF-8 text");
        var rubric = tmp.resolve("rubric.jsonl");
        var lines = new ByteArrayOutputStream();
        lines.write("{\"prompt\": \"p\", \"response\": \"r\", \"rubric\": [{\"criterion\": \"a\", \"points\": 1}], \"verdicts\": [\"satisfied\"]}\n"
                .getBytes(StandardCharsets.UTF_8));
        lines.write(new byte[] {'{', '"', 'r', '"', ':', '"', (byte) 0xe9, '"', '}', '\n'});
        Files.write(rubric, lines.toByteArray());
        plainError(EvalCommandTest.run("score", "rubric", "--input", rubric.toString(), "--judge", "replay"), rubric + ":2: not UTF-8 text");
        plainError(EvalCommandTest.run("eval", "--env", "gsm8k", "--tasks", bad.toString(), "--policy", "gold",
                "--out", tmp.resolve("r").toString()), bad + ":2: not UTF-8 text");
    }

    @Test
    void anOutThatIsAFileIsNamed() {
        plainError(EvalCommandTest.run("eval", "--env", "gsm8k", "--policy", "gold", "--limit", "1", "--out", "/etc/passwd"),
                "/etc/passwd is a file, not a run directory");
    }

    @Test
    void oneUnscorableRubricLineIsOneTypedFailure() throws Exception {
        var input = tmp.resolve("rubric.jsonl");
        Files.writeString(input, """
                {"prompt": "p", "response": "r", "rubric": [{"criterion": "a", "points": 1e308}, {"criterion": "b", "points": 1e308}], "verdicts": ["satisfied", "satisfied"]}
                {"prompt": "p", "response": "r", "rubric": [{"criterion": "a", "points": 2}], "verdicts": ["satisfied"]}
                """);
        var result = EvalCommandTest.run("score", "rubric", "--input", input.toString(), "--judge", "replay");
        assertThat(result.code()).as(result.stderr()).isZero();
        var lines = result.stdout().strip().split("\n");
        var json = new ObjectMapper();
        assertThat(lines).hasSize(2);
        assertThat(json.readTree(lines[0]).get("failure").asText()).isEqualTo("reward_error");
        assertThat(json.readTree(lines[1]).get("score").asDouble()).isEqualTo(1.0);
    }

    @Test
    void aresNamesAMissingStoreAnUnknownEpisodeAndABusyPort() throws Exception {
        var typo = tmp.resolve("no-such-store");
        plainError(EvalCommandTest.run("ares", "stats", "--store", typo.toString()), "no ARES store at " + typo);
        assertThat(typo).doesNotExist();

        var data = tmp.resolve("synth");
        new SyntheticLeRobot(6, 2, 100_000, false).write(data);
        var store = tmp.resolve("store").toString();
        Ares.ingest(Ares.Format.LEROBOT, data, store);
        plainError(EvalCommandTest.run("ares", "similar", "--store", store, "--episode", "00000000-0000-0000-0000-000000000000"),
                "no episode 00000000-0000-0000-0000-000000000000 in " + store);
        try (var busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            plainError(EvalCommandTest.run("ares", "serve", "--store", store, "--port", String.valueOf(busy.getLocalPort())),
                    "port " + busy.getLocalPort() + " on 127.0.0.1 is already in use");
        }
        try (var server = AresServer.start(store, 0)) { // another process holds the store: say which, not DuckDB's lock error
            var log = tmp.resolve("stats.log");
            var other = RunTrustTest.subprocess(java.util.List.of("ares", "stats", "--store", store), log);
            assertThat(other.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(other.exitValue()).isEqualTo(2);
            assertThat(Files.readString(log)).contains(store + " is in use by another process (lyceum ares serve, pid "
                    + ProcessHandle.current().pid() + ", http://127.0.0.1:" + server.port() + "/)").doesNotContain("\tat ");
        }
    }
}
