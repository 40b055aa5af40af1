/**
 * The embedded model behind the {@link ai.lyceum.policy.Policy} seam: {@link ai.lyceum.train.policy.EmbeddedPolicy}
 * batches concurrent requests onto the model's own thread, and {@link ai.lyceum.train.policy.PromptFormat}
 * renders chat messages to byte tokens.
 */
package ai.lyceum.train.policy;
