package ai.lyceum.bench.researchrubrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports as Markdown, PDF (PDFBox) and HTML (jsoup); a missing one is a typed failure. */
class ReportTest {
    @TempDir
    Path dir;

    @Test
    void readsMarkdownPdfAndHtml() throws Exception {
        Files.writeString(dir.resolve("a.md"), "# Title\n\nBody {rubric_title}.");
        assertThat(Report.find(dir, "a").text()).contains("# Title\n\nBody {rubric_title}.");

        try (var pdf = new PDDocument()) {
            var page = new PDPage();
            pdf.addPage(page);
            try (var content = new PDPageContentStream(pdf, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText("Drug discovery uses graph neural networks.");
                content.endText();
            }
            pdf.save(dir.resolve("b.pdf").toFile());
        }
        assertThat(Report.find(dir, "b").text().orElseThrow()).contains("Drug discovery uses graph neural networks.");

        Files.writeString(dir.resolve("c.html"), "<html><head><style>p{}</style><script>alert(1)</script></head>"
                + "<body><h1>Report</h1><p>First paragraph.</p><p>Second &amp; last.</p></body></html>");
        var html = Report.find(dir, "c").text().orElseThrow();
        assertThat(html).contains("Report", "First paragraph.\n\nSecond & last.").doesNotContain("alert", "p{}");
    }

    @Test
    void aMissingReportIsTyped() {
        var r = Report.find(dir, "nothing");
        assertThat(r.text()).isEmpty();
        assertThat(r.failureType()).isEqualTo("missing_report");
    }
}
