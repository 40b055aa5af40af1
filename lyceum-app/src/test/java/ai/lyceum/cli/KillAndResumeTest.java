package ai.lyceum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.policy.openai.StubServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kill -9} in the middle of an evaluation against a faulty server loses nothing and repeats nothing. */
class KillAndResumeTest {
    private static final StubServer.Faults FAULTS = new StubServer.Faults(Duration.ofMillis(40), 0.05, 0.01, 0.01);
    private static final int TASKS = 400;

    @TempDir
    Path tmp;

    @Test
    void aKilledRunResumesWithoutRedoingFinishedRollouts() throws Exception {
        var out = tmp.resolve("run");
        int recordedBeforeKill;
        long faultsServed;
        try (var stub = StubServer.start(FAULTS, prompt -> "#### 1", 1)) {
            var java = ProcessHandle.current().info().command().orElse("java");
            var process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    "-Dlyceum.root=" + System.getProperty("lyceum.root"), Lyceum.class.getName(),
                    "eval", "--env", "gsm8k", "--limit", String.valueOf(TASKS), "--policy", "openai",
                    "--base-url", stub.baseUrl().toString(), "--model", "stub", "--concurrency", "16",
                    "--out", out.toString()))
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("segment1.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (recorded(out) < 60 && System.nanoTime() < deadline && process.isAlive()) Thread.sleep(20);
            process.destroyForcibly(); // SIGKILL: no shutdown hook runs
            process.waitFor();
            recordedBeforeKill = recorded(out);
            faultsServed = stub.served().entrySet().stream().filter(e -> !e.getKey().equals("200"))
                    .mapToLong(e -> e.getValue()).sum();
        }
        assertThat(recordedBeforeKill).as("killed mid-run").isBetween(60, TASKS - 1);
        // The killed segment's retries were committed as they happened (once only at the end, they were lost).
        long retriesCounted = scalar(out, "SELECT COALESCE(SUM(count), 0) FROM counters WHERE name LIKE 'retry.%'");
        assertThat(faultsServed).as("faults the stub served before the kill").isGreaterThan(3);
        assertThat(retriesCounted).as("retries durable across kill -9").isGreaterThanOrEqualTo(faultsServed / 2);
        long killedSegmentMs = scalar(out, "SELECT wall_ms FROM segments WHERE id = 1");
        assertThat(killedSegmentMs).as("the killed segment's wall time").isPositive();

        try (var stub = StubServer.start(FAULTS, prompt -> "#### 1", 2)) {
            var result = EvalCommandTest.run("eval", "--env", "gsm8k", "--limit", String.valueOf(TASKS), "--policy", "openai",
                    "--base-url", stub.baseUrl().toString(), "--model", "stub", "--concurrency", "64",
                    "--out", out.toString(), "--resume");
            assertThat(result.code()).as(result.stderr()).isZero();
            // every answered request of this segment belongs to a rollout the first segment had not recorded
            assertThat(stub.served().get("200")).isEqualTo(TASKS - recordedBeforeKill);
        }
        var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("segments").asInt()).isEqualTo(2);
        assertThat(summary.get("partial").asBoolean()).isFalse();
        assertThat(summary.get("wall_s").asDouble() * 1000).as("wall time summed over both segments")
                .isGreaterThanOrEqualTo(scalar(out, "SELECT SUM(wall_ms) FROM segments") - 1)
                .isGreaterThan(killedSegmentMs);
        var lines = Files.readAllLines(out.resolve("rollouts.jsonl"));
        assertThat(lines).hasSize(TASKS);
        assertThat(new HashSet<>(lines.stream().map(l -> l.replaceAll(",\"reward.*", "")).toList())).hasSize(TASKS);
    }

    private static long scalar(Path out, String sql) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:file:" + out.resolve("run.db") + "?mode=ro");
             var rs = c.createStatement().executeQuery(sql)) {
            return rs.getLong(1);
        }
    }

    private static int recorded(Path out) {
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
