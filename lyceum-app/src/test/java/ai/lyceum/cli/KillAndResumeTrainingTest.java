package ai.lyceum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.run.RunStore;
import ai.lyceum.train.model.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the middle of {@code lyceum train}, then the same command with {@code --resume}: every step
 * is recorded once, and the final checkpoint is byte for byte the one an uninterrupted run writes. SFT updates at
 * every step, so the weights, the optimiser's moments and the learning-rate schedule all have to come back exactly.
 */
class KillAndResumeTrainingTest {
    private static final int STEPS = 24;

    @TempDir
    Path tmp;

    private List<String> train(Path out) {
        return new ArrayList<>(List.of("train", "--env", "cipher", "--algo", "sft", "--steps", String.valueOf(STEPS),
                "--save-every", "4", "--eval-every", "8", "--threads", "1", "--out", out.toString()));
    }

    @Test
    void aKilledTrainingRunResumesToTheCheckpointAnUninterruptedRunWrites() throws Exception {
        var killed = tmp.resolve("killed");
        var java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dlyceum.root=" + System.getProperty("lyceum.root"), Lyceum.class.getName()));
        command.addAll(train(killed));
        var process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("segment1.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (steps(killed) < 10 && System.nanoTime() < deadline && process.isAlive()) Thread.sleep(20);
        process.destroyForcibly(); // SIGKILL: no shutdown hook runs
        process.waitFor();
        int before = steps(killed);
        assertThat(before).as("killed mid-run: " + Files.readString(tmp.resolve("segment1.log"))).isBetween(10, STEPS - 1);

        var resume = train(killed);
        resume.add("--resume");
        var resumed = EvalCommandTest.run(resume.toArray(String[]::new));
        assertThat(resumed.code()).as(resumed.stderr()).isZero();
        var whole = tmp.resolve("whole");
        var uninterrupted = EvalCommandTest.run(train(whole).toArray(String[]::new));
        assertThat(uninterrupted.code()).as(uninterrupted.stderr()).isZero();

        try (var a = RunStore.open(killed); var b = RunStore.open(whole)) {
            assertThat(a.trainSteps("sft")).hasSize(STEPS);
            assertThat(withoutTimes(a.trainSteps("sft"))).isEqualTo(withoutTimes(b.trainSteps("sft")));
        }
        assertThat(Files.readString(whole.resolve("checkpoint").resolve("trainer.json"))).contains("\"updates\" : " + STEPS);
        assertThat(Files.readAllBytes(killed.resolve("checkpoint").resolve(Checkpoint.WEIGHTS)))
                .isEqualTo(Files.readAllBytes(whole.resolve("checkpoint").resolve(Checkpoint.WEIGHTS)));
        assertThat(Files.readAllBytes(killed.resolve("checkpoint").resolve("optimizer.safetensors")))
                .isEqualTo(Files.readAllBytes(whole.resolve("checkpoint").resolve("optimizer.safetensors")));
    }

    /** Step metrics as recorded, less the wall time each step took. */
    private static java.util.Map<Integer, String> withoutTimes(java.util.Map<Integer, String> steps) {
        var out = new java.util.TreeMap<Integer, String>();
        steps.forEach((step, json) -> out.put(step, json.replaceAll("\"seconds\":[0-9.E-]+", "")));
        return out;
    }

    private static int steps(Path out) {
        var db = out.resolve("run.db");
        if (!Files.exists(db)) return 0;
        try (var c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
             var s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM train_steps")) {
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            return 0; // not created yet
        }
    }
}
