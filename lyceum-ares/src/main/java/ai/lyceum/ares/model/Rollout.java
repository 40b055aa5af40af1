package ai.lyceum.ares.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One episode, as ARES's {@code Rollout}: a robot episode from a LeRobot dataset or an LLM trajectory from a Lyceum
 * run store. Flattened to one row of the {@code rollout} table by {@link Schema}; {@code _estimate} fields are filled
 * by annotators, and the {@code annotation} table records who filled them.
 *
 * @param path        the stable key within a dataset ({@code episode_000042}); re-ingesting skips existing paths
 * @param datasetYear the year the dataset was published (ARES kept it, as an int, in {@code creation_time})
 */
public record Rollout(
        UUID id,
        Optional<Instant> creationTime,
        Instant ingestionTime,
        String path,
        String filename,
        String datasetName,
        String datasetFilename,
        String datasetFormalname,
        Optional<Integer> datasetYear,
        String source,
        Optional<Long> episodeIndex,
        @Estimate(description = "a detailed description of the whole episode, including task analysis, success"
                + " criteria and performance")
        Optional<String> descriptionEstimate,
        int length,
        Optional<String> split,
        Robot robot,
        Environment environment,
        TaskSpec task,
        TrajectoryData trajectory,
        TrajectoryStats stats) {

    public Rollout {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
        if (length < 0) throw new IllegalArgumentException("length must be >= 0, was " + length + " for " + path);
    }

    public String fullPath() { return datasetFilename + "/" + filename; }
}
