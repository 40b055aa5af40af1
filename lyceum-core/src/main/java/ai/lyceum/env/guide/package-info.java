/**
 * Teacher guidance as a role in an episode: a {@link ai.lyceum.env.guide.GuidedEnvironment} re-poses a task the
 * student failed, first to the teacher (any {@link ai.lyceum.policy.Policy}: a model, or the programmatic
 * {@link ai.lyceum.env.guide.ReferenceTeacher}) and then to the student with the teacher's words in context.
 */
package ai.lyceum.env.guide;
