package ai.lyceum.cli;

import static ai.lyceum.cli.EvalCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.run.RunStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lyceum eval --env NAME+feedback}: a model student on the shared stub server, the verifier as its teacher. */
class FeedbackEvalCommandTest {
    @TempDir
    Path tmp;

    @Test
    void evalRunsFeedbackEpisodesWithAPolicyPerRoleAndRecordsBothRoles() throws Exception {
        var root = Path.of(System.getProperty("lyceum.root", Path.of("").toAbsolutePath().getParent().toString()));
        var stub = new ProcessBuilder(List.of("python3", root.resolve("../shared/bench/stub_openai.py").normalize().toString(),
                "--port", "0", "--default-reply", "1+1")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            var line = new BufferedReader(new InputStreamReader(stub.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(line).startsWith("PORT ");
            var url = "http://127.0.0.1:" + line.substring(5).strip() + "/v1";
            var out = tmp.resolve("eval");
            var result = run("eval", "--env", "countdown+feedback", "--policy", "openai:student@" + url, "--policy",
                    "teacher=verifier", "--limit", "3", "--out", out.toString());
            assertThat(result.code()).as(result.stderr()).isZero();
            try (var store = RunStore.openReadOnly(out)) {
                var rollouts = store.rollouts();
                assertThat(rollouts).hasSize(3).allSatisfy(r -> {
                    assertThat(r.reward()).contains(0.0);
                    assertThat(r.trajectoryJson()).contains("\"teacher\"", "Your last answer was wrong: verdict:");
                    assertThat(r.rewardsJson()).contains("\"teacher\"", "\"attempt_3\"");
                });
            }
        } finally {
            stub.destroy();
            stub.waitFor();
        }
    }
}
