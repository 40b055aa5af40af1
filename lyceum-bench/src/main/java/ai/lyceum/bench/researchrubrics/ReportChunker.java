package ai.lyceum.bench.researchrubrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The public grader's chunking. Tokens are estimated as characters / 4 (integer division, characters counted as
 * Python counts them: code points); a report whose estimate exceeds 200,000 − 50,000 tokens is chunked. The split
 * is on {@code "\n\n"}; paragraphs are packed greedily while {@code len(chunk) + len(paragraph) < 400,000}, each
 * followed by {@code "\n\n"}, and every chunk is stripped of surrounding whitespace.
 */
public final class ReportChunker {
    /** The judge's context (200k tokens) less the reply reserve (50k), in estimated tokens. */
    public static final int TRIGGER_TOKENS = 200_000 - 50_000;
    /** 100,000 tokens × 4 characters. */
    public static final int CHUNK_CHARS = 400_000;

    private ReportChunker() {}

    /** True when the grader would chunk this report rather than send it whole. */
    public static boolean needsChunking(String report) {
        return length(report) / 4 > TRIGGER_TOKENS;
    }

    public static List<String> split(String report, ChunkMode mode) { return split(report, mode, CHUNK_CHARS); }

    static List<String> split(String report, ChunkMode mode, int maxChars) {
        if (length(report) <= maxChars) return List.of(report);
        var chunks = new ArrayList<String>();
        var current = new StringBuilder();
        int currentLength = 0; // in code points
        for (var paragraph : report.split("\n\n", -1)) {
            for (var piece : mode == ChunkMode.FIXED ? hardSplit(paragraph, maxChars) : List.of(paragraph)) {
                int pieceLength = length(piece);
                if (currentLength + pieceLength < maxChars) {
                    current.append(piece).append("\n\n");
                    currentLength += pieceLength + 2;
                } else {
                    if (currentLength > 0) add(chunks, current.toString().strip(), mode);
                    current.setLength(0);
                    current.append(piece).append("\n\n");
                    currentLength = pieceLength + 2;
                }
            }
        }
        if (currentLength > 0) add(chunks, current.toString().strip(), mode);
        return chunks;
    }

    private static void add(List<String> chunks, String chunk, ChunkMode mode) {
        if (mode == ChunkMode.FIXED && chunk.isEmpty()) return; // the grader would ask a judge about nothing
        chunks.add(chunk);
    }

    /** A paragraph longer than a chunk in pieces of at most {@code maxChars} code points; others as they are. */
    private static List<String> hardSplit(String paragraph, int maxChars) {
        if (length(paragraph) <= maxChars) return List.of(paragraph);
        var pieces = new ArrayList<String>();
        int start = 0;
        while (start < paragraph.length()) {
            int end = paragraph.length();
            if (paragraph.codePointCount(start, end) > maxChars) end = paragraph.offsetByCodePoints(start, maxChars);
            pieces.add(paragraph.substring(start, end));
            start = end;
        }
        return pieces;
    }

    /** Python's {@code len}: code points, not UTF-16 units. */
    static int length(String s) { return s.codePointCount(0, s.length()); }
}
