/**
 * SWE-Bench Pro: instances, the official per-instance test-output parsers ported to Java (with a parity mode that
 * reproduces their verdicts byte for byte and a fixed mode), grading, reports over {@code eval_results} files,
 * execution backends (container engine, local bubblewrap sandbox) and a bash-tool agent environment.
 */
package ai.lyceum.bench.swebench;
