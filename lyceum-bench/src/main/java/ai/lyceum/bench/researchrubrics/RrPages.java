package ai.lyceum.bench.researchrubrics;

import ai.lyceum.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The run directory's readable outputs: {@code summary.json} (for scripts), {@code report.md} and a self-contained
 * {@code report.html} (inline CSS and SVG, no script, nothing fetched) with the headline, breakdown tables, a
 * per-axis bar chart, the criteria that cost the most, and a per-report drill-down. Everything a report or a judge
 * wrote is escaped: it is data.
 */
public final class RrPages {
    private static final ObjectMapper JSON = Json.newMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RrPages() {}

    public static void write(Path out, RrScores.Summary s, Map<String, Object> manifest) throws IOException {
        Files.writeString(out.resolve("summary.json"), JSON.writeValueAsString(summaryJson(s, manifest)) + "\n");
        Files.writeString(out.resolve("report.md"), markdown(s, manifest), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("report.html"), html(s, manifest), StandardCharsets.UTF_8);
    }

    public static ObjectNode summaryJson(RrScores.Summary s, Map<String, Object> manifest) {
        var root = JSON.createObjectNode();
        root.put("benchmark", "researchrubrics");
        root.put("grading", s.grading().name().toLowerCase(Locale.ROOT));
        var c = root.putObject("compliance");
        number(c, "mean", s.compliance().mean());
        if (s.compliance().n() > 0) c.put("ci95_low", s.ci95().low()).put("ci95_high", s.ci95().high());
        else c.putNull("ci95_low").putNull("ci95_high");
        c.put("n", s.compliance().n());
        var reports = root.putObject("reports");
        reports.put("total", s.reports().size()).put("scored", s.compliance().n())
                .put("without_score", s.reports().size() - s.compliance().n());
        var items = root.putObject("items");
        items.put("total", s.items()).put("failed", s.failedItems())
                .put("on_failure", s.onFailure().name().toLowerCase(Locale.ROOT));
        var byType = items.putObject("failed_by_type");
        s.failuresByType().forEach(byType::put);
        means(root.putObject("per_axis"), s.perAxis());
        means(root.putObject("per_domain"), s.perDomain());
        var complexity = root.putObject("per_complexity");
        s.perComplexity().forEach((field, levels) -> means(complexity.putObject(field), levels));
        var shares = root.putObject("not_satisfied_share_by_axis");
        s.notSatisfiedShareByAxis().forEach((axis, m) -> {
            var o = shares.putObject(axis);
            number(o, "share", m.mean());
            o.put("n", m.n());
        });
        var per = root.putArray("per_report");
        for (var r : s.reports()) {
            var o = per.addObject();
            o.put("sample_id", r.task().sampleId()).put("domain", r.task().domain())
                    .put("conceptual_breadth", r.task().conceptualBreadth()).put("logical_nesting", r.task().logicalNesting())
                    .put("exploration", r.task().exploration());
            number(o, "compliance", r.compliance());
            o.put("items", r.items()).put("failed_items", r.failedItems());
            var axes = o.putObject("axes");
            r.axes().forEach((axis, value) -> number(axes, axis, value));
        }
        var worst = root.putArray("worst_criteria");
        for (var l : s.worst()) {
            worst.addObject().put("sample_id", l.task().sampleId()).put("criterion_index", l.verdict().index() + 1)
                    .put("criterion", l.verdict().criterion()).put("axis", l.verdict().axis())
                    .put("weight", l.verdict().weight()).put("verdict", verdictName(l.verdict())).put("lost", l.lost());
        }
        root.set("run", JSON.valueToTree(manifest));
        return root;
    }

    private static void number(ObjectNode o, String key, Optional<Double> value) {
        if (value.isPresent()) o.put(key, value.get());
        else o.putNull(key); // undefined, never 0
    }

    private static void means(ObjectNode o, Map<String, RrScores.Mean> means) {
        means.forEach((k, m) -> {
            var e = o.putObject(k);
            number(e, "mean", m.mean());
            e.put("n", m.n());
        });
    }

    static String verdictName(RrVerdict v) {
        return v.verdict().map(RrVerdict::officialName).orElse("Failed: " + v.failure().map(RrVerdict.Failed::type).orElse(""));
    }

    static String pct(Optional<Double> x) { return x.map(RrPages::pct).orElse("n/a"); }

    static String pct(double x) { return String.format(Locale.ROOT, "%.1f%%", 100 * x); }

    /** One line: compliance with its interval, reports scored, grading and failed items. */
    public static String headline(RrScores.Summary s) {
        return "Compliance " + pct(s.compliance().mean()) + " (95% CI " + pct(s.ci95().low()) + " – " + pct(s.ci95().high())
                + ") over " + s.compliance().n() + " of " + s.reports().size() + " reports, "
                + s.grading().name().toLowerCase(Locale.ROOT) + " grading; " + s.failedItems() + " of " + s.items()
                + " items failed (" + (s.onFailure() == RrScores.OnFailure.ZERO ? "scored 0" : "excluded") + ")";
    }

    // ---------------------------------------------------------------- markdown

    static String markdown(RrScores.Summary s, Map<String, Object> manifest) {
        var md = new StringBuilder("# ResearchRubrics\n\n**").append(headline(s)).append("**\n\n");
        md.append("Judge `").append(manifest.getOrDefault("judge", "")).append("`, chunking ")
                .append(manifest.getOrDefault("chunking", "")).append(", evaluated ")
                .append(manifest.getOrDefault("evaluated_at", "")).append(".\n\n");
        md.append("## By axis\n\n| axis | compliance | reports | not satisfied (positive items) |\n|---|---:|---:|---:|\n");
        s.perAxis().forEach((axis, m) -> md.append("| ").append(mdCell(axis)).append(" | ").append(pct(m.mean()))
                .append(" | ").append(m.n()).append(" | ")
                .append(Optional.ofNullable(s.notSatisfiedShareByAxis().get(axis)).map(x -> pct(x.mean())).orElse("n/a"))
                .append(" |\n"));
        md.append("\n## By domain\n\n");
        meansTable(md, "domain", s.perDomain());
        s.perComplexity().forEach((field, levels) -> {
            md.append("\n## By ").append(field.replace('_', ' ')).append("\n\n");
            meansTable(md, "level", levels);
        });
        if (s.failedItems() > 0) {
            md.append("\n## Failed items\n\n| type | items |\n|---|---:|\n");
            s.failuresByType().forEach((type, n) -> md.append("| ").append(mdCell(type)).append(" | ").append(n).append(" |\n"));
        }
        md.append("\n## Criteria that cost the most\n\n| report | # | axis | weight | verdict | compliance lost | criterion |\n|---|---:|---|---:|---|---:|---|\n");
        for (var l : s.worst()) {
            md.append("| ").append(l.task().sampleId()).append(" | ").append(l.verdict().index() + 1).append(" | ")
                    .append(mdCell(l.verdict().axis())).append(" | ").append(l.verdict().weight()).append(" | ")
                    .append(verdictName(l.verdict())).append(" | ").append(pct(l.lost())).append(" | ")
                    .append(mdCell(l.verdict().criterion())).append(" |\n");
        }
        md.append("\n## Reports\n\n| report | domain | compliance | failed items |\n|---|---|---:|---:|\n");
        for (var r : s.reports()) {
            md.append("| ").append(r.task().sampleId()).append(" | ").append(mdCell(r.task().domain())).append(" | ")
                    .append(pct(r.compliance())).append(" | ").append(r.failedItems()).append(" |\n");
        }
        md.append("\nPer-criterion verdicts and evidence: `report.html` and `verdicts.jsonl`.\n");
        return md.toString();
    }

    private static void meansTable(StringBuilder md, String label, Map<String, RrScores.Mean> means) {
        md.append("| ").append(label).append(" | compliance | reports |\n|---|---:|---:|\n");
        means.forEach((k, m) -> md.append("| ").append(mdCell(k)).append(" | ").append(pct(m.mean())).append(" | ")
                .append(m.n()).append(" |\n"));
    }

    private static String mdCell(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;");
    }

    // ---------------------------------------------------------------- html

    static String html(RrScores.Summary s, Map<String, Object> manifest) {
        var h = new StringBuilder(64 * 1024);
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>ResearchRubrics report</title><style>").append(CSS).append("</style></head><body>\n");
        h.append("<h1>ResearchRubrics</h1>\n<p id=\"headline\" class=\"headline\">").append(esc(headline(s))).append("</p>\n");
        h.append("<p class=\"meta\">Judge <code>").append(esc(String.valueOf(manifest.getOrDefault("judge", ""))))
                .append("</code> · chunking ").append(esc(String.valueOf(manifest.getOrDefault("chunking", ""))))
                .append(" · evaluated ").append(esc(String.valueOf(manifest.getOrDefault("evaluated_at", "")))).append("</p>\n");

        h.append("<h2>By axis</h2>\n").append(axisChart(s));
        h.append("<table id=\"per-axis\"><thead><tr><th>axis</th><th>compliance</th><th>reports</th><th>not satisfied (positive items)</th></tr></thead><tbody>\n");
        s.perAxis().forEach((axis, m) -> h.append("<tr><td>").append(esc(axis)).append("</td><td class=\"n\">")
                .append(pct(m.mean())).append("</td><td class=\"n\">").append(m.n()).append("</td><td class=\"n\">")
                .append(Optional.ofNullable(s.notSatisfiedShareByAxis().get(axis)).map(x -> pct(x.mean())).orElse("n/a"))
                .append("</td></tr>\n"));
        h.append("</tbody></table>\n");
        h.append("<div class=\"grid\"><div><h2>By domain</h2>\n");
        meansHtml(h, "per-domain", "domain", s.perDomain());
        h.append("</div>");
        s.perComplexity().forEach((field, levels) -> {
            h.append("<div><h2>By ").append(esc(field.replace('_', ' '))).append("</h2>\n");
            meansHtml(h, "per-" + field.replace('_', '-'), "level", levels);
            h.append("</div>");
        });
        h.append("</div>\n");
        if (s.failedItems() > 0) {
            h.append("<h2>Failed items</h2>\n<table id=\"failures\"><thead><tr><th>type</th><th>items</th></tr></thead><tbody>");
            s.failuresByType().forEach((type, n) -> h.append("<tr><td>").append(esc(type)).append("</td><td class=\"n\">")
                    .append(n).append("</td></tr>"));
            h.append("</tbody></table>\n");
        }
        h.append("<h2>Criteria that cost the most</h2>\n<table id=\"worst\"><thead><tr><th>report</th><th>#</th><th>axis</th>")
                .append("<th>weight</th><th>verdict</th><th>lost</th><th>criterion</th></tr></thead><tbody>\n");
        for (var l : s.worst()) {
            var v = l.verdict();
            h.append("<tr><td><a href=\"#r-").append(esc(l.task().sampleId())).append("\">").append(esc(l.task().sampleId()))
                    .append("</a></td><td class=\"n\">").append(v.index() + 1).append("</td><td>").append(esc(v.axis()))
                    .append("</td><td class=\"n\">").append(v.weight()).append("</td><td>").append(esc(verdictName(v)))
                    .append("</td><td class=\"n\">").append(pct(l.lost())).append("</td><td>").append(esc(v.criterion()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table>\n<h2>Reports</h2>\n<div id=\"reports\">\n");
        for (var r : s.reports()) {
            h.append("<details class=\"report\" id=\"r-").append(esc(r.task().sampleId())).append("\"><summary><b>")
                    .append(esc(r.task().sampleId())).append("</b> · ").append(esc(r.task().domain())).append(" · compliance ")
                    .append(pct(r.compliance())).append(r.failedItems() > 0 ? " · " + r.failedItems() + " failed" : "")
                    .append("</summary>\n<p class=\"prompt\">").append(esc(abbreviate(r.task().prompt(), 600))).append("</p>\n");
            h.append("<table class=\"items\"><thead><tr><th>#</th><th>axis</th><th>weight</th><th>verdict</th><th>criterion</th>")
                    .append("<th>evidence quoted by the judge</th></tr></thead><tbody>\n");
            for (var v : r.verdicts()) {
                var cls = v.verdict().isEmpty() ? "failed" : switch (v.verdict().get()) {
                    case SATISFIED -> v.weight() < 0 ? "bad" : "good";
                    case PARTIALLY_SATISFIED -> "part";
                    case NOT_SATISFIED -> v.weight() < 0 ? "good" : "bad";
                };
                h.append("<tr class=\"").append(cls).append("\"><td class=\"n\">").append(v.index() + 1).append("</td><td>")
                        .append(esc(v.axis())).append("</td><td class=\"n\">").append(v.weight()).append("</td><td>")
                        .append(esc(verdictName(v))).append("</td><td>").append(esc(v.criterion())).append("</td><td>");
                if (!v.evidenceQuotes().isEmpty()) {
                    h.append("<ul>");
                    for (var q : v.evidenceQuotes()) h.append("<li><q>").append(esc(abbreviate(q, 400))).append("</q></li>");
                    h.append("</ul>");
                }
                if (!v.reasoning().isEmpty()) h.append("<div class=\"why\">").append(esc(abbreviate(v.reasoning(), 800))).append("</div>");
                v.failure().ifPresent(f -> h.append("<div class=\"why\">").append(esc(abbreviate(f.detail(), 400))).append("</div>"));
                h.append("</td></tr>\n");
            }
            h.append("</tbody></table></details>\n");
        }
        h.append("</div>\n</body></html>\n");
        return h.toString();
    }

    /** Horizontal bars, one per axis, on a scale that includes 0 and 100% (and any negative value). */
    static String axisChart(RrScores.Summary s) {
        var axes = s.perAxis();
        double lo = 0;
        double hi = 1;
        for (var m : axes.values()) {
            if (m.mean().isPresent()) {
                lo = Math.min(lo, m.mean().get());
                hi = Math.max(hi, m.mean().get());
            }
        }
        int labelW = 230;
        int barW = 420;
        int rowH = 26;
        int height = rowH * Math.max(1, axes.size()) + 24;
        double range = hi - lo;
        double zeroX = labelW + barW * (0 - lo) / range;
        var svg = new StringBuilder("<svg id=\"axis-chart\" role=\"img\" aria-label=\"compliance by axis\" width=\"")
                .append(labelW + barW + 80).append("\" height=\"").append(height).append("\">\n"); // inline SVG in HTML needs no namespace
        int y = 4;
        for (var e : axes.entrySet()) {
            svg.append("<text x=\"").append(labelW - 8).append("\" y=\"").append(y + 17)
                    .append("\" text-anchor=\"end\" class=\"lbl\">").append(esc(e.getKey())).append("</text>");
            if (e.getValue().mean().isPresent()) {
                double v = e.getValue().mean().get();
                double x1 = labelW + barW * (Math.min(0, v) - lo) / range;
                double w = barW * Math.abs(v) / range;
                svg.append(String.format(Locale.ROOT, "<rect class=\"bar%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>",
                        v < 0 ? " neg" : "", x1, y + 4, Math.max(w, 0.5), rowH - 8));
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"val\">%s</text>",
                        labelW + barW * (Math.max(0, v) - lo) / range + 6, y + 17, pct(v)));
            } else {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"val\">n/a (no positive item)</text>",
                        zeroX + 6, y + 17));
            }
            svg.append('\n');
            y += rowH;
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"%d\" class=\"axis\"/>", zeroX, zeroX, y));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"%d\" class=\"full\"/>",
                labelW + barW * (1 - lo) / range, labelW + barW * (1 - lo) / range, y));
        return svg.append("</svg>\n").toString();
    }

    private static void meansHtml(StringBuilder h, String id, String label, Map<String, RrScores.Mean> means) {
        h.append("<table id=\"").append(id).append("\"><thead><tr><th>").append(label)
                .append("</th><th>compliance</th><th>reports</th></tr></thead><tbody>");
        means.forEach((k, m) -> h.append("<tr><td>").append(esc(k)).append("</td><td class=\"n\">").append(pct(m.mean()))
                .append("</td><td class=\"n\">").append(m.n()).append("</td></tr>"));
        h.append("</tbody></table>\n");
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + " …";
    }

    static String esc(String s) {
        var out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1200px;color:#1d2330;padding:0 16px}
            h1{margin:0 0 8px}h2{margin:28px 0 8px;font-size:17px}
            .headline{font-size:18px;font-weight:600;background:#eef3fb;border-left:4px solid #3767c4;padding:10px 14px}
            .meta{color:#5b6475}code{background:#f3f4f6;padding:1px 4px;border-radius:3px}
            table{border-collapse:collapse;margin:6px 0 12px}th,td{border:1px solid #d8dce3;padding:4px 8px;vertical-align:top;text-align:left}
            th{background:#f5f6f8}td.n{text-align:right;font-variant-numeric:tabular-nums}
            .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:0 24px}
            svg .bar{fill:#3767c4}svg .bar.neg{fill:#c0392b}svg .lbl,svg .val{font-size:12px;fill:#1d2330}
            svg .axis{stroke:#1d2330}svg .full{stroke:#999;stroke-dasharray:3 3}
            details.report{border:1px solid #d8dce3;border-radius:4px;margin:6px 0;padding:4px 10px}
            details.report summary{cursor:pointer}.prompt{color:#5b6475;white-space:pre-wrap}
            table.items{width:100%}tr.good td:nth-child(4){color:#1e7d32}tr.bad td:nth-child(4){color:#b3261e}
            tr.part td:nth-child(4){color:#9a6700}tr.failed td{background:#fdf0ef}
            .why{color:#5b6475;font-size:12px;margin-top:4px}ul{margin:0;padding-left:18px}
            """;
}
