/**
 * Rubrics as rewards: a {@link ai.lyceum.reward.rubric.Rubric} is a weighted checklist of
 * {@link ai.lyceum.reward.rubric.Criterion}s, each judged by an LLM through the {@link ai.lyceum.reward.rubric.Judge}
 * seam or checked by a program (regex, contains, length, math answer, JSON schema). An
 * {@link ai.lyceum.reward.rubric.Aggregation} turns verdicts into one score (explicit weighted sum, implicit 1–10
 * rating, Likert baselines); {@link ai.lyceum.reward.rubric.RubricScorer} runs it, {@link ai.lyceum.reward.rubric.RubricReward}
 * makes it a {@link ai.lyceum.reward.Reward}, {@link ai.lyceum.reward.rubric.RubricBatch} scores JSONL files. Loaders
 * read the RaR, HealthBench and ResearchRubrics schemas. Weight conventions ({@link ai.lyceum.reward.rubric.RubricWeighting})
 * are explicit: a rubric is in exactly one, and conversions are one-way and recorded.
 */
package ai.lyceum.reward.rubric;
