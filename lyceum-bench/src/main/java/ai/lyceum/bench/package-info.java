/**
 * Benchmark harnesses built on the core engine: each benchmark has its own subpackage
 * ({@code ai.lyceum.bench.swebench}, {@code ai.lyceum.bench.researchrubrics}, ...).
 */
package ai.lyceum.bench;
