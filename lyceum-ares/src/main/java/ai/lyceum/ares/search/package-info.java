/**
 * Vector search: trajectories resampled to 100 steps and z-normalised per (dataset, embodiment) with Welford
 * statistics, indexed in Lucene HNSW; task texts embedded through any OpenAI-compatible {@code /v1/embeddings}.
 */
package ai.lyceum.ares.search;
