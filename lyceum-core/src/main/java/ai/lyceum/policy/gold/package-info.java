/** The gold policy: replays reference answers to validate environments and rewards. */
package ai.lyceum.policy.gold;
