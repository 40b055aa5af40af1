/**
 * Ingestion: LeRobot v3.0/v2.1 datasets streamed file by file through DuckDB, and Lyceum run stores whose LLM
 * trajectories become episodes. Idempotent (stored paths are skipped) and per-episode errors are reported, never fatal.
 */
package ai.lyceum.ares.ingest;
