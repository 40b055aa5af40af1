/**
 * {@code lyceum bench serve}: a load test of {@code lyceum serve} on loopback (1,000 concurrent OpenEnv WebSocket
 * sessions on a multi-turn procedural environment; 1,000 concurrent OpenRLHF and NeMo Gym reward callers on the
 * math verifier), with the client and the environment it plays.
 */
package ai.lyceum.serve.bench;
