package ai.lyceum.ares.annotate;

import ai.lyceum.ares.model.Annotation;
import ai.lyceum.ares.model.Rollout;
import ai.lyceum.failure.FailureException;
import java.util.Map;

/**
 * Fills fields of a stored rollout. One implementation per kind of evidence: the numbers alone
 * ({@link StatsAnnotator}, {@link SuccessAnnotator}) or the frames seen by a model ({@link VlmAnnotator}).
 * An annotator that tried and could not throws a {@link FailureException} with a typed failure; one that has no
 * evidence to work from throws {@link NotApplicable}. The runner counts both, apart, and writes nothing for either.
 */
public interface Annotator {
    /** What {@code --annotator NAME} selects; recorded as provenance. */
    String name();

    /** Bumped whenever the logic or prompt changes, so stored values can be traced to it. */
    String promptVersion();

    Annotation annotate(Rollout rollout) throws FailureException, NotApplicable, InterruptedException;

    /**
     * Whether an episode that already holds this version's annotation is skipped rather than given a duplicate
     * row: true for {@code stats}, which ingest runs itself and which always computes the same values.
     */
    default boolean oncePerVersion() { return false; }

    /** The annotator's own counts (retries, refused replies by field), for the run's report. */
    default Map<String, Long> counters() { return Map.of(); }
}
