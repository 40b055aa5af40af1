package ai.lyceum.reward.rubric;

import java.util.List;
import java.util.Map;

/**
 * The judging seam: grades rubric criteria and gives holistic ratings. Implementations (an LLM through any
 * {@link ai.lyceum.policy.Policy}, replayed grades, ensembles) live in {@code ai.lyceum.reward.judge}. Thread-safe;
 * never throws for a bad reply: each criterion or rating that could not be had is a typed failure.
 */
public interface Judge extends AutoCloseable {
    /** What {@link #rate} is asked to rate against. */
    enum RatingKind {
        /** Implicit aggregation: the whole rubric in one call. */
        RUBRIC,
        /** Direct-Likert baseline: prompt and response only. */
        DIRECT,
        /** Reference-Likert baseline: compared with the reference answer. */
        REFERENCE
    }

    /** A short description for logs and manifests, e.g. {@code llm:openai:gpt-4o-mini@…}; never secrets. */
    String describe();

    /**
     * Grades the listed criteria (0-based indices into {@code input.rubric()}).
     *
     * @return one outcome per listed index, in the same order
     */
    List<CriterionOutcome> grade(JudgeInput input, List<Integer> criteria) throws InterruptedException;

    /** One 1–10 rating of the response. */
    RatingOutcome rate(JudgeInput input, RatingKind kind) throws InterruptedException;

    /** Counted events that did not become failures ({@code retry.parse}, {@code cache.hit}…). */
    default Map<String, Long> counters() { return Map.of(); }

    @Override
    default void close() {}
}
