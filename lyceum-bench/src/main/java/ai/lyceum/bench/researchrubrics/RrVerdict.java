package ai.lyceum.bench.researchrubrics;

import ai.lyceum.reward.rubric.Grading;
import ai.lyceum.reward.rubric.Verdict;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One judged (report, criterion): a line of {@code verdicts.jsonl}, in the public grader's output record
 * ({@code sample_id}, {@code rubric_title}, {@code verdict}, {@code score}, {@code confidence}, {@code reasoning},
 * {@code tokens_used}, {@code success}, {@code weight}) plus Lyceum's keys ({@code criterion_index}, {@code axis},
 * {@code evidence_quotes}, {@code missing_elements}, {@code chunks}, {@code cached}, {@code source}, and
 * {@code failure}/{@code failure_detail} when {@code success} is false).
 *
 * @param index   0-based position of the criterion in the task's {@code rubrics}
 * @param verdict empty exactly when judging failed
 * @param failure the failure's type and detail when judging failed
 */
public record RrVerdict(String sampleId, int index, String criterion, String axis, double weight,
                        Optional<Verdict> verdict, double confidence, String reasoning, List<String> evidenceQuotes,
                        List<String> missingElements, long tokensUsed, int chunks, boolean cached, String source,
                        Optional<Failed> failure) {
    public record Failed(String type, String detail) {}

    public RrVerdict {
        Objects.requireNonNull(sampleId, "sampleId");
        Objects.requireNonNull(verdict, "verdict");
        evidenceQuotes = List.copyOf(evidenceQuotes);
        missingElements = List.copyOf(missingElements);
        Objects.requireNonNull(failure, "failure");
        if (verdict.isPresent() == failure.isPresent()) throw new IllegalArgumentException("a verdict or a failure, not both");
    }

    public static RrVerdict failed(String sampleId, int index, String criterion, String axis, double weight,
                                   String type, String detail, String source) {
        return new RrVerdict(sampleId, index, criterion, axis, weight, Optional.empty(), 0, "", List.of(), List.of(), 0, 0,
                false, source, Optional.of(new Failed(type, detail)));
    }

    public boolean success() { return verdict.isPresent(); }

    /** The item's score under {@code grading}; empty when judging failed. */
    public Optional<Double> score(Grading grading) { return verdict.map(v -> v.value(grading)); }

    /** The verdict as the public grader writes it: {@code Satisfied}, {@code Partially Satisfied}, {@code Not Satisfied}. */
    public static String officialName(Verdict v) {
        return switch (v) {
            case SATISFIED -> "Satisfied";
            case PARTIALLY_SATISFIED -> "Partially Satisfied";
            case NOT_SATISFIED -> "Not Satisfied";
        };
    }

    public ObjectNode toJson(ObjectNode node, Grading grading) {
        node.put("sample_id", sampleId).put("criterion_index", index + 1).put("rubric_title", criterion)
                .put("axis", axis).put("weight", weight);
        node.put("verdict", verdict.map(RrVerdict::officialName).orElse("Error"));
        node.put("score", score(grading).orElse(0.0));
        node.put("confidence", confidence).put("reasoning", reasoning);
        evidenceQuotes.forEach(node.putArray("evidence_quotes")::add);
        missingElements.forEach(node.putArray("missing_elements")::add);
        node.put("tokens_used", tokensUsed).put("success", success()).put("chunks", chunks).put("cached", cached)
                .put("source", source);
        failure.ifPresent(f -> node.put("failure", f.type()).put("failure_detail", f.detail()));
        return node;
    }

    /** Reads a line {@link #toJson} wrote (or the public grader's record, whose lines carry no index). */
    public static RrVerdict fromJson(JsonNode n, int fallbackIndex, String source) {
        var sampleId = n.path("sample_id").asText();
        int index = n.has("criterion_index") ? n.get("criterion_index").asInt() - 1 : fallbackIndex;
        boolean success = n.path("success").asBoolean(true);
        var verdict = success ? Verdict.parse(n.path("verdict").asText("")) : Optional.<Verdict>empty();
        var title = n.path("rubric_title").asText("");
        var axis = n.path("axis").asText("");
        double weight = n.path("weight").asDouble(0);
        if (verdict.isEmpty()) {
            var type = success ? "parse" : n.path("failure").asText("judge_error");
            var detail = success ? "stored verdict '" + n.path("verdict").asText("") + "' is not a verdict"
                    : n.path("failure_detail").asText(n.path("reasoning").asText(""));
            return failed(sampleId, index, title, axis, weight, type, detail, source);
        }
        return new RrVerdict(sampleId, index, title, axis, weight, verdict, n.path("confidence").asDouble(0),
                n.path("reasoning").asText(""), strings(n.path("evidence_quotes")), strings(n.path("missing_elements")),
                n.path("tokens_used").asLong(0), n.path("chunks").asInt(0), false, source, Optional.empty());
    }

    static List<String> strings(JsonNode array) {
        var out = new ArrayList<String>();
        if (array.isArray()) for (var e : array) out.add(e.isTextual() ? e.asText() : e.toString());
        return out;
    }
}
