/**
 * The structured store: an embedded DuckDB file (or PostgreSQL through JDBC) with one flat {@code rollout} table,
 * annotation provenance, tags and embedding tables; additive schema evolution on open; structured
 * {@link ai.lyceum.ares.store.Filter}s that bind values as parameters; bulk writes through DuckDB appenders.
 */
package ai.lyceum.ares.store;
