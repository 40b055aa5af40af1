/**
 * The official SWE-Bench Pro {@code parser.py} files ported to Java. Each port is keyed by the git blob id of the
 * {@code parser.py} it reproduces, and reproduces its output byte for byte, quirks and crashes included (parity
 * mode); {@link ai.lyceum.bench.swebench.parse.FixedParsers} holds Lyceum's own per-family parsers without them.
 * {@link ai.lyceum.bench.swebench.parse.PyText}, {@link ai.lyceum.bench.swebench.parse.PyRe} and
 * {@link ai.lyceum.bench.swebench.parse.PyJson} give the ports Python's string, regex and JSON semantics, on which
 * the verdicts depend (universal newlines, {@code splitlines}, Unicode {@code \s}, {@code json.loads} errors).
 */
package ai.lyceum.bench.swebench.parse;
