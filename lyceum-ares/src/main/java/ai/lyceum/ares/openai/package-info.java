/**
 * The one way ARES talks to OpenAI-compatible servers ({@code /v1/embeddings} for text search, {@code /v1/chat/completions}
 * for the VLM annotator): a JSON POST over lyceum-core's {@link ai.lyceum.http.Http11Client} with deadlines, retries on
 * overload and server faults, and an API key read from an environment variable and never printed.
 */
package ai.lyceum.ares.openai;
