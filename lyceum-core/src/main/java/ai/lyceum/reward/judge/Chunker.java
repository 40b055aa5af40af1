package ai.lyceum.reward.judge;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a long response the way the ResearchRubrics grader does: on paragraph breaks ({@code "\n\n"}), packed
 * greedily into chunks of at most {@code maxChars}. A paragraph longer than a chunk, which the official grader
 * leaves unspecified, is hard-split at the limit.
 */
final class Chunker {
    private Chunker() {}

    static List<String> split(String text, int maxChars) {
        var chunks = new ArrayList<String>();
        var current = new StringBuilder();
        for (var paragraph : text.split("\n\n", -1)) {
            int extra = current.isEmpty() ? paragraph.length() : paragraph.length() + 2;
            if (current.length() + extra > maxChars && !current.isEmpty()) {
                chunks.add(current.toString());
                current.setLength(0);
            }
            if (paragraph.length() > maxChars) {
                for (int i = 0; i < paragraph.length(); i += maxChars) {
                    var piece = paragraph.substring(i, Math.min(paragraph.length(), i + maxChars));
                    if (piece.length() == maxChars || i + maxChars < paragraph.length()) chunks.add(piece);
                    else current.append(piece);
                }
                continue;
            }
            if (!current.isEmpty()) current.append("\n\n");
            current.append(paragraph);
        }
        if (!current.isEmpty()) chunks.add(current.toString());
        return chunks;
    }
}
