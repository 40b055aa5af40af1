package ai.lyceum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
    @TempDir
    Path tmp;

    @Test
    void goldEvalWritesTheSummaryAndOneLinePerRollout() throws Exception {
        var out = tmp.resolve("run");
        var result = run("eval", "--env", "gsm8k", "--policy", "gold", "--limit", "25", "--samples", "2", "--out", out.toString(), "--json");
        assertThat(result.code()).isZero();
        var summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("tasks").asInt()).isEqualTo(25);
        assertThat(summary.get("rollouts").asInt()).isEqualTo(50);
        assertThat(summary.get("mean_reward").asDouble()).isEqualTo(1.0);
        assertThat(summary.get("pass_at_1").asDouble()).isEqualTo(1.0);
        assertThat(summary.get("failures").size()).isZero();
        assertThat(new ObjectMapper().readTree(result.stdout()).get("rollouts").asInt()).isEqualTo(50);
        assertThat(Files.readAllLines(out.resolve("rollouts.jsonl"))).hasSize(50)
                .allSatisfy(line -> assertThat(line).contains("\"reward\":1.0", "\"failure\":null"));
    }

    @Test
    void refusesToMixRunsAndNamesWhatDiffersOnResume() throws Exception {
        var out = tmp.resolve("run").toString();
        assertThat(run("eval", "--env", "gsm8k", "--policy", "gold", "--limit", "5", "--out", out).code()).isZero();
        var again = run("eval", "--env", "gsm8k", "--policy", "gold", "--limit", "5", "--out", out);
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.stderr()).contains("already holds a run", "--resume");
        var changed = run("eval", "--env", "gsm8k", "--policy", "gold", "--limit", "5", "--samples", "3", "--out", out, "--resume");
        assertThat(changed.stderr()).contains("--samples was 1 in the stored run but is 3 now");
        var resumed = run("eval", "--env", "gsm8k", "--policy", "gold", "--limit", "5", "--out", out, "--resume");
        assertThat(resumed.code()).isZero();
        assertThat(resumed.stdout()).contains("resuming: 5 rollouts already recorded, 0 to run");
    }

    @Test
    void aMalformedTasksFileIsNamedWithItsLine() throws Exception {
        var tasks = tmp.resolve("bad.jsonl");
        Files.writeString(tasks, "{\"question\": \"1+1?\", \"answer\": \"#### 2\"}\n{\"question\": \"2+2?\"\n");
        var result = run("eval", "--env", "gsm8k", "--tasks", tasks.toString(), "--policy", "gold", "--out", tmp.resolve("r").toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.stderr()).contains(tasks + ":2: invalid JSON");
    }

    @Test
    void anUnknownEnvironmentOrMissingServerOptionIsAClearError() throws Exception {
        var unknown = run("eval", "--env", "nope", "--policy", "gold", "--out", tmp.resolve("a").toString());
        assertThat(unknown.stderr()).contains("unknown environment 'nope'", "gsm8k");
        var noServer = run("eval", "--env", "gsm8k", "--policy", "openai", "--out", tmp.resolve("b").toString());
        assertThat(noServer.stderr()).contains("--policy openai needs --base-url URL and --model M");
    }

    record Result(int code, String stdout, String stderr) {}

    static Result run(String... args) {
        var err = new StringWriter();
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        var original = System.out;
        var originalErr = System.err;
        System.setOut(new PrintStream(stdout, true));
        System.setErr(new PrintStream(stderr, true)); // what commands print to System.err directly
        try {
            var cli = Lyceum.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            return new Result(code, stdout.toString(), err.toString() + stderr);
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
    }
}
