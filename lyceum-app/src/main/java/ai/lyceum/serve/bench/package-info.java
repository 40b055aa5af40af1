/**
 * {@code lyceum bench serve}: a load test of {@code lyceum serve} on loopback (1,000 concurrent OpenEnv WebSocket
 * sessions playing the registered multi-turn procedural environment {@code guess-number}; 1,000 concurrent
 * OpenRLHF and NeMo Gym reward callers on the math verifier), with the callback-driven client the sessions use.
 */
package ai.lyceum.serve.bench;
