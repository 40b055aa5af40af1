package ai.lyceum.ares.annotate;

import ai.lyceum.ares.model.Annotation;
import ai.lyceum.ares.model.Rollout;
import ai.lyceum.failure.FailureException;

/**
 * Fills fields of a stored rollout. One implementation per kind of evidence: the numbers alone
 * ({@link StatsAnnotator}, {@link SuccessAnnotator}) or the frames seen by a model ({@link VlmAnnotator}).
 * An annotator that cannot annotate throws a {@link FailureException} with a typed failure; the runner counts it.
 */
public interface Annotator {
    /** What {@code --annotator NAME} selects; recorded as provenance. */
    String name();

    /** Bumped whenever the logic or prompt changes, so stored values can be traced to it. */
    String promptVersion();

    Annotation annotate(Rollout rollout) throws FailureException, InterruptedException;
}
