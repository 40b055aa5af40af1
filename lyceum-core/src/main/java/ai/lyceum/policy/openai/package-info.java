/**
 * The OpenAI-compatible policy: a blocking client for {@code /v1/chat/completions} and {@code /v1/completions}
 * with bounded adaptive concurrency, retries and typed failures; and the loopback stub server that stands in for a
 * model server in tests and benchmarks.
 */
package ai.lyceum.policy.openai;
