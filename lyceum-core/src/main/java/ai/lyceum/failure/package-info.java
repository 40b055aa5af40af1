/** Typed failures: every way a rollout, policy call or reward can fail, as values that reports can count. */
package ai.lyceum.failure;
