/**
 * Teacher feedback as a multi-turn episode (Agent-RLVR): the student attempts, the environment verifies, and on a
 * failure the {@link ai.lyceum.env.Role#TEACHER} answers with guidance of one {@link ai.lyceum.env.feedback.GuidanceKind}
 * before the student retries, up to N attempts ({@link ai.lyceum.env.feedback.FeedbackEnvironment}). Teachers are
 * any {@link ai.lyceum.policy.Policy}: a model, or the programmatic ones here for the procedural environments and
 * for code tests.
 */
package ai.lyceum.env.feedback;
