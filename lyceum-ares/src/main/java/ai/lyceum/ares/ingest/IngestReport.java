package ai.lyceum.ares.ingest;

import java.util.List;

/**
 * What one ingestion did. Errors are per episode and never abort the batch.
 *
 * @param episodes episodes written now; {@code skipped} were already in the store
 * @param frames   frames of the episodes written now
 * @param tasks    distinct tasks the dataset declares
 */
public record IngestReport(String dataset, long episodes, long skipped, long frames, long tasks, List<EpisodeError> errors,
                           double wallSeconds, double cpuSeconds) {
    public IngestReport {
        errors = List.copyOf(errors);
    }

    /** Why one episode was not (fully) ingested. */
    public record EpisodeError(String episode, String message) {}

    public double framesPerSecond() { return wallSeconds > 0 ? frames / wallSeconds : 0; }
}
