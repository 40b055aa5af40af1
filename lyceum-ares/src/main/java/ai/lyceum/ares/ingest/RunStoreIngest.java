package ai.lyceum.ares.ingest;

import ai.lyceum.ares.model.Environment;
import ai.lyceum.ares.model.Robot;
import ai.lyceum.ares.model.Rollout;
import ai.lyceum.ares.model.TaskSpec;
import ai.lyceum.ares.model.TrajectoryData;
import ai.lyceum.ares.model.TrajectoryStats;
import ai.lyceum.ares.model.Annotation;
import ai.lyceum.ares.store.AresStore;
import ai.lyceum.run.RunStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Ingests a Lyceum run store: every recorded rollout becomes an episode whose steps are the trajectory's turns,
 * whose task is the first observed message, and whose success is the primary reward when it lies in [0, 1].
 * A rollout that failed is still an episode (its failure type becomes the split, so it can be filtered).
 */
public final class RunStoreIngest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunStoreIngest() {}

    public static IngestReport ingest(Path runDir, AresStore store) throws IOException {
        long cpu0 = LeRobotIngest.cpuNanos(), wall0 = System.nanoTime();
        if (!Files.isRegularFile(runDir.resolve(RunStore.FILE_NAME))) throw new IOException(runDir + " has no " + RunStore.FILE_NAME);
        var dataset = "run:" + runDir.toAbsolutePath().normalize().getFileName();
        var existing = store.paths(dataset);
        var errors = new ArrayList<IngestReport.EpisodeError>();
        long written = 0, skipped = 0, frames = 0;
        var tasks = new java.util.HashSet<String>();
        try (var run = RunStore.openReadOnly(runDir); var writer = store.writer()) {
            var manifest = run.manifest();
            for (var r : run.rollouts()) {
                var path = r.taskId() + "#" + r.sample();
                if (existing.contains(path)) {
                    skipped++;
                    continue;
                }
                try {
                    var turns = JSON.readTree(r.trajectoryJson()).path("turns");
                    var instruction = Optional.ofNullable(turns.path(0).path("observation").path(0).path("content").textValue())
                            .map(t -> t.length() > 4000 ? t.substring(0, 4000) : t);
                    instruction.ifPresent(tasks::add);
                    var success = r.reward().filter(x -> x >= 0 && x <= 1);
                    var now = Instant.now();
                    var trajectory = new TrajectoryData("[]", Optional.empty(),
                            Optional.of(r.reward().map(x -> "[" + x + "]").orElse("[]")), Optional.of(0),
                            Optional.of(Math.max(0, turns.size() - 1)), Optional.empty(), Optional.empty(), Optional.empty(),
                            Optional.empty(), Optional.empty(), Optional.of(r.trajectoryJson()));
                    var rollout = new Rollout(UUID.randomUUID(), Optional.empty(), now, path, path, dataset, dataset, dataset,
                            Optional.empty(), "rollouts", Optional.empty(), Optional.empty(), turns.size(),
                            r.failureType().map(f -> "failed:" + f), Robot.of(manifest.map(m -> m.policy())),
                            new Environment(manifest.map(m -> m.environment()), Optional.of("rl_rollout"), Optional.empty(),
                                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                                    Optional.empty(), Optional.empty()),
                            TaskSpec.of(instruction, Optional.empty()), trajectory, TrajectoryStats.empty());
                    List<Annotation> annotations = success.isPresent()
                            ? List.of(new Annotation("success", Optional.empty(), "success-1", now, Map.of("task_success", success.get())))
                            : List.of();
                    writer.add(rollout, annotations, List.of());
                    written++;
                    frames += turns.size();
                } catch (IOException | RuntimeException e) {
                    errors.add(new IngestReport.EpisodeError(path, e.getClass().getSimpleName() + ": " + e.getMessage()));
                }
            }
            store.putDataset(dataset, "rollouts", runDir.toAbsolutePath().toString(),
                    JSON.writeValueAsString(Map.of("manifest", manifest.map(Object::toString).orElse("none"))));
        }
        return new IngestReport(dataset, written, skipped, frames, tasks.size(), errors, (System.nanoTime() - wall0) / 1e9,
                (LeRobotIngest.cpuNanos() - cpu0) / 1e9);
    }
}
