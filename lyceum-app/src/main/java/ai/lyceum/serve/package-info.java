/**
 * {@code lyceum serve}: one environment and its reward served over HTTP and WebSockets to trainers written in
 * other languages, under the protocols they already speak (OpenEnv, NeMo Gym resources server, OpenRLHF remote
 * reward; see {@code docs/serving.md}). Subpackages hold one protocol each; this package holds what they share:
 * the served environment, sessions with idle reaping, the server itself.
 */
package ai.lyceum.serve;
