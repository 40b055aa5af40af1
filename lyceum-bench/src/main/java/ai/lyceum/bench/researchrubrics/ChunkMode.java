package ai.lyceum.bench.researchrubrics;

import java.util.Locale;

/**
 * How long reports are chunked and how chunk calls are asked. Both split on paragraphs with the public grader's
 * thresholds and packing; they differ only where the grader misbehaves.
 */
public enum ChunkMode {
    /**
     * As the public grader: a paragraph longer than a chunk stays whole (so that chunk exceeds the limit), a chunk of
     * whitespace is still sent, and chunk and synthesis calls are asked once, with no retry.
     */
    PARITY,
    /** The default: such a paragraph is hard-split at the limit, empty chunks are skipped, and every call is retried. */
    FIXED;

    public static ChunkMode parse(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "parity" -> PARITY;
            case "fixed" -> FIXED;
            default -> throw new IllegalArgumentException("--chunking must be fixed or parity, was '" + name + "'");
        };
    }
}
