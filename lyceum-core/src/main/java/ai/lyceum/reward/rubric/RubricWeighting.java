package ai.lyceum.reward.rubric;

/**
 * Which weight convention a rubric's weights follow. Never mixed: a {@link Rubric} is in exactly one, and
 * {@link Rubric#reweighted} converts {@link #DATA_INTEGER} into the others, never back.
 *
 * <ul>
 *   <li>{@link #DATA_INTEGER}: the released data's weights (RaR 1–5, HealthBench points, ResearchRubrics floats).
 *       Pitfalls describe the bad behaviour and carry a weight ≤ 0; a pitfall judged satisfied (the behaviour is
 *       present) subtracts. Normaliser: Σ of positive weights.</li>
 *   <li>{@link #CATEGORY_PAPER}: weights by category (Essential 1.0, Important 0.7, Optional 0.3, Pitfall 0.9),
 *       all positive; a pitfall counts when it is <em>avoided</em>. Converted rubrics keep the negative phrasing
 *       and invert the verdict (the spec's option 2); rubrics whose pitfalls were rephrased "avoids …" offline are
 *       read in this convention directly.</li>
 *   <li>{@link #UNIFORM}: every weight 1, pitfalls inverted as above (RaR-Predefined).</li>
 * </ul>
 */
public enum RubricWeighting { DATA_INTEGER, CATEGORY_PAPER, UNIFORM }
