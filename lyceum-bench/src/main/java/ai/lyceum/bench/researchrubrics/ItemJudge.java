package ai.lyceum.bench.researchrubrics;

import ai.lyceum.reward.rubric.RrTask;
import java.util.Map;

/**
 * Judges one (report, criterion) pair: a model with the official prompts ({@link OfficialJudge}) or verdicts stored
 * by an earlier run ({@link StoredVerdicts}). Thread-safe; never throws for a bad reply: a failure is a typed
 * {@link RrVerdict}.
 */
public interface ItemJudge extends AutoCloseable {
    /** For manifests and logs; never secrets. */
    String describe();

    /** @param index 0-based criterion index into {@code task.rubrics()}; {@code report} is empty for replay */
    RrVerdict judge(RrTask task, int index, String report) throws InterruptedException;

    /** False for a judge that never reads the report (replayed verdicts), so a missing report fails nothing. */
    default boolean readsReports() { return true; }

    /** Counted events ({@code cache.hit}, {@code retry.unparseable_reply}…). */
    default Map<String, Long> counters() { return Map.of(); }

    @Override
    default void close() {}
}
