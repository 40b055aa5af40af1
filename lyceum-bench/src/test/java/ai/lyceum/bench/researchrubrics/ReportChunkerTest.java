package ai.lyceum.bench.researchrubrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The public grader's chunking (chars/4 > 150,000 triggers; paragraphs packed while len + para < 400,000). */
class ReportChunkerTest {
    static String paragraphs(int count, int length, int lastLength) {
        var out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) out.append("\n\n");
            out.append(String.valueOf((char) ('a' + i % 26)).repeat(i == count - 1 ? lastLength : length));
        }
        return out.toString();
    }

    @Test
    void triggersWhenTheTokenEstimateExceeds150k() {
        assertThat(ReportChunker.needsChunking("x".repeat(600_003))).isFalse(); // 600003 // 4 = 150000
        assertThat(ReportChunker.needsChunking("x".repeat(600_004))).isTrue();  // 150001
        assertThat(ReportChunker.needsChunking("😀".repeat(300_002))).isFalse(); // 300002 code points, 600004 UTF-16 units
    }

    @Test
    void aMillionCharacterReportPacksAsTheGraderDoes() {
        // 999 paragraphs of 999 characters (the last 1,002), "\n\n" between: exactly 1,000,000 characters.
        var report = paragraphs(999, 999, 1002);
        assertThat(report).hasSize(1_000_000);
        assertThat(ReportChunker.needsChunking(report)).isTrue();
        for (var mode : ChunkMode.values()) {
            var chunks = ReportChunker.split(report, mode);
            // 399 paragraphs fit: 1001 × 398 + 999 = 399,397 < 400,000, but 1001 × 399 + 999 = 400,398 does not.
            assertThat(chunks).extracting(String::length).containsExactly(399 * 999 + 398 * 2, 399 * 999 + 398 * 2,
                    200 * 999 + 1002 + 200 * 2);
            assertThat(String.join("\n\n", chunks)).isEqualTo(report);
            assertThat(chunks).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(ReportChunker.CHUNK_CHARS));
        }
    }

    @Test
    void aParagraphLongerThanAChunkStaysWholeInParityAndIsHardSplitWhenFixed() {
        var report = "a".repeat(300_000) + "\n\n" + "b".repeat(500_000) + "\n\n" + "c".repeat(50_000);
        assertThat(ReportChunker.split(report, ChunkMode.PARITY)).extracting(String::length)
                .containsExactly(300_000, 500_000, 50_000);
        var fixed = ReportChunker.split(report, ChunkMode.FIXED);
        assertThat(fixed).extracting(String::length).containsExactly(300_000, 400_000, 100_000 + 2 + 50_000);
        assertThat(fixed.get(2)).startsWith("b").endsWith("c").contains("b\n\nc");

        var oneParagraph = "z".repeat(1_000_000);
        assertThat(ReportChunker.split(oneParagraph, ChunkMode.PARITY)).extracting(String::length).containsExactly(1_000_000);
        assertThat(ReportChunker.split(oneParagraph, ChunkMode.FIXED)).extracting(String::length)
                .containsExactly(400_000, 400_000, 200_000);
    }

    @Test
    void aWhitespaceChunkIsSentInParityAndSkippedWhenFixed() {
        var report = "a".repeat(399_999) + "\n\n\n\n" + "b".repeat(399_999); // paragraphs: a…, "", b…
        assertThat(ReportChunker.split(report, ChunkMode.PARITY)).extracting(String::length).containsExactly(399_999, 0, 399_999);
        assertThat(ReportChunker.split(report, ChunkMode.FIXED)).extracting(String::length).containsExactly(399_999, 399_999);
    }

    @Test
    void aShortReportIsOneChunkAsIs() {
        assertThat(ReportChunker.split("  x\n\ny  ", ChunkMode.FIXED)).isEqualTo(List.of("  x\n\ny  "));
    }
}
