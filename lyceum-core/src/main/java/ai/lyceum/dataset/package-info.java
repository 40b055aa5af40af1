/**
 * Data set files (JSONL, JSONL.gz, Parquet) read into JSON rows, and the field mapping that turns rows into
 * tasks. Every error names the file and line.
 */
package ai.lyceum.dataset;
