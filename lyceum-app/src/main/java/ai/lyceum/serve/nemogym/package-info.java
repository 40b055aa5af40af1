/**
 * The NeMo Gym resources-server protocol (NVIDIA-NeMo/Gym): {@code /seed_session}, {@code /verify} with OpenAI
 * Responses objects, {@code /aggregate_metrics}. A reward that cannot score answers with its typed failure in
 * {@code failure} beside {@code reward}, where NeMo Gym's own servers return a bare 0.0.
 */
package ai.lyceum.serve.nemogym;
