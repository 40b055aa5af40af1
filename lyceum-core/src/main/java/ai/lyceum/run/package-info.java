/**
 * The run store: one SQLite database per run directory holding every rollout, reward and failure as it
 * finishes, so a run killed at any moment resumes without redoing or losing work; and its JSONL export.
 */
package ai.lyceum.run;
