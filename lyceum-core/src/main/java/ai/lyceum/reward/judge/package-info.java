/**
 * Judges for rubric rewards: {@link ai.lyceum.reward.judge.LlmJudge} asks any {@link ai.lyceum.policy.Policy}
 * (an OpenAI-compatible server through {@code OpenAiPolicy}) with prompt templates kept as resources, parses the
 * reply contract leniently and retries unparseable replies; the graded response is framed as data between markers
 * whose tag the response cannot know. {@link ai.lyceum.reward.judge.ReplayJudge} recomputes scores from stored
 * grades with no model; {@link ai.lyceum.reward.judge.EnsembleJudge} combines judges and measures their agreement
 * (Krippendorff's α); {@link ai.lyceum.reward.judge.JudgeCache} keeps replies in SQLite by model and prompt;
 * {@link ai.lyceum.reward.judge.RubricGenerator} writes rubrics from a question and a reference answer.
 */
package ai.lyceum.reward.judge;
