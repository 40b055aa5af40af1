package ai.lyceum.bench.researchrubrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;

/**
 * A report to grade, or why there is none (every criterion of its task then fails with that type). Reports are
 * read from {@code <sample_id>.md} (or {@code .txt}) as they are; {@code .pdf} through PDFBox's text extraction and
 * {@code .html}/{@code .htm} through jsoup's text of the body (scripts and styles dropped), block elements on
 * their own lines.
 */
public record Report(Optional<String> text, String failureType, String failureDetail, Optional<Path> file) {
    public static final List<String> EXTENSIONS = List.of(".md", ".txt", ".pdf", ".html", ".htm");

    public static Report of(String text) { return new Report(Optional.of(text), "", "", Optional.empty()); }

    public static Report missing(String type, String detail) { return new Report(Optional.empty(), type, detail, Optional.empty()); }

    /** The report of {@code sampleId} in {@code dir}, trying the extensions in order. */
    public static Report find(Path dir, String sampleId) {
        for (var ext : EXTENSIONS) {
            var file = dir.resolve(sampleId + ext);
            if (!Files.isRegularFile(file)) continue;
            try {
                return new Report(Optional.of(read(file)), "", "", Optional.of(file));
            } catch (IOException | RuntimeException e) {
                return new Report(Optional.empty(), "unreadable_report", file + ": " + e.getMessage(), Optional.of(file));
            }
        }
        return missing("missing_report", "no " + sampleId + ".md (or .txt, .pdf, .html) in " + dir);
    }

    static String read(Path file) throws IOException {
        var name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".pdf")) {
            try (var pdf = Loader.loadPDF(file.toFile())) {
                return new PDFTextStripper().getText(pdf);
            }
        }
        if (name.endsWith(".html") || name.endsWith(".htm")) {
            var doc = Jsoup.parse(file.toFile(), StandardCharsets.UTF_8.name());
            doc.select("script, style, noscript").remove();
            doc.select("p, div, section, article, li, tr, h1, h2, h3, h4, h5, h6, br, pre, blockquote, table")
                    .forEach(e -> e.after("\n\n"));
            return doc.body() == null ? "" : doc.body().wholeText().replaceAll("\n{3,}", "\n\n").strip();
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
