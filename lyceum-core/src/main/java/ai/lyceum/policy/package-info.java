/**
 * The policy seam: everything that produces text implements {@link ai.lyceum.policy.Policy}. Implementations
 * live in sub-packages named for their backend ({@code openai}, {@code gold}).
 */
package ai.lyceum.policy;
