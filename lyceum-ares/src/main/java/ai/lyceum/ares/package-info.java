/**
 * ARES for Lyceum: ingest, annotate and curate robot episodes and RL rollouts. {@link ai.lyceum.ares.Ares} holds one
 * static entry point per {@code lyceum ares} command, free of any CLI library; the subpackages hold the model, the
 * store, ingestion, annotators, vector search, curation, the web UI, the synthetic generator and the benchmark.
 */
package ai.lyceum.ares;
