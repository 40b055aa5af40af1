package ai.lyceum.bench.researchrubrics;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.json.Json;
import ai.lyceum.reward.rubric.Grading;
import ai.lyceum.reward.rubric.Verdict;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The paper's judge-vs-human analysis between two verdict sets (human vs judge, or judge vs judge): macro-F1 per
 * task over the fixed label set, averaged over tasks (as the paper's code does with scikit-learn's
 * {@code f1_score(labels=…, average="macro", zero_division=0)}, so a label absent from both sides of a task counts
 * as F1 0 in that task's average); Cohen's κ and the confusion matrix over all paired items. Binary folds
 * "Partially Satisfied" into "Not Satisfied".
 *
 * <p>Input lines: {@code {"sample_id": …, "criterion_index": n (1-based) or "criterion": n | "text", "verdict": …}};
 * {@code verdicts.jsonl} of a graded run is one such file. Items pair by index when both sides give one, else by
 * criterion text. Failed items ({@code success: false}) and items on one side only are counted, not paired.
 */
public final class RrAgreement {
    private static final ObjectMapper JSON = Json.newMapper();

    public record Label(String sampleId, Optional<Integer> index, Optional<String> text, Verdict verdict) {}

    /** @param matrix rows: reference verdicts; columns: compared verdicts; in {@link #labels} order */
    public record Result(Grading grading, List<Verdict> labels, int tasks, int pairs, int unpaired,
                         OptionalDouble macroF1, Map<String, Double> macroF1ByTask, OptionalDouble kappa,
                         long[][] matrix, double accuracy) {}

    private RrAgreement() {}

    public static List<Label> read(Path file) throws DatasetException {
        var out = new ArrayList<Label>();
        int lineNo = 0;
        try (var lines = Files.newBufferedReader(file)) {
            for (String line; (line = lines.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) continue;
                var where = file + ":" + lineNo;
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new DatasetException(where + ": not JSON: " + e.getOriginalMessage());
                }
                if (!n.path("sample_id").isTextual()) throw new DatasetException(where + ": missing string 'sample_id'");
                if (!n.path("success").asBoolean(true)) continue;
                var verdict = Verdict.parse(n.path("verdict").asText(""));
                if (verdict.isEmpty()) throw new DatasetException(where + ": verdict '" + n.path("verdict").asText("") + "' is not Satisfied, Partially Satisfied or Not Satisfied");
                Optional<Integer> index = Optional.empty();
                Optional<String> text = Optional.empty();
                if (n.path("criterion_index").isInt()) index = Optional.of(n.get("criterion_index").asInt());
                if (n.path("criterion").isInt()) index = Optional.of(n.get("criterion").asInt());
                if (n.path("criterion").isTextual()) text = Optional.of(n.get("criterion").asText());
                if (n.path("rubric_title").isTextual()) text = Optional.of(n.get("rubric_title").asText());
                if (index.isEmpty() && text.isEmpty()) throw new DatasetException(where + ": needs 'criterion_index' or 'criterion'");
                out.add(new Label(n.get("sample_id").asText(), index, text, verdict.get()));
            }
        } catch (IOException e) {
            throw new DatasetException(file + ": " + e.getMessage());
        }
        return out;
    }

    public static Result compare(List<Label> reference, List<Label> compared, Grading grading) {
        var labels = grading == Grading.BINARY ? List.of(Verdict.SATISFIED, Verdict.NOT_SATISFIED)
                : List.of(Verdict.SATISFIED, Verdict.PARTIALLY_SATISFIED, Verdict.NOT_SATISFIED);
        var byIndex = new LinkedHashMap<String, Label>();
        var byText = new LinkedHashMap<String, Label>();
        for (var l : compared) {
            l.index().ifPresent(i -> byIndex.put(l.sampleId() + "#" + i, l));
            l.text().ifPresent(t -> byText.put(l.sampleId() + "#" + t, l));
        }
        var perTask = new TreeMap<String, List<int[]>>();
        var matrix = new long[labels.size()][labels.size()];
        int pairs = 0;
        int unpaired = 0;
        for (var r : reference) {
            Label c = r.index().map(i -> byIndex.get(r.sampleId() + "#" + i)).orElse(null);
            if (c == null) c = r.text().map(t -> byText.get(r.sampleId() + "#" + t)).orElse(null);
            if (c == null) {
                unpaired++;
                continue;
            }
            int a = labels.indexOf(fold(r.verdict(), grading));
            int b = labels.indexOf(fold(c.verdict(), grading));
            matrix[a][b]++;
            pairs++;
            perTask.computeIfAbsent(r.sampleId(), k -> new ArrayList<>()).add(new int[] {a, b});
        }
        var f1ByTask = new LinkedHashMap<String, Double>();
        perTask.forEach((task, ps) -> f1ByTask.put(task, macroF1(ps, labels.size())));
        var macro = f1ByTask.values().stream().mapToDouble(Double::doubleValue).average();
        long agree = 0;
        for (int i = 0; i < labels.size(); i++) agree += matrix[i][i];
        return new Result(grading, labels, perTask.size(), pairs, unpaired, macro, f1ByTask, kappa(matrix),
                matrix, pairs == 0 ? 0 : (double) agree / pairs);
    }

    private static Verdict fold(Verdict v, Grading grading) {
        return grading == Grading.BINARY && v == Verdict.PARTIALLY_SATISFIED ? Verdict.NOT_SATISFIED : v;
    }

    /** scikit-learn's macro F1 over all k labels, F1 = 2tp / (2tp + fp + fn), 0 where that is 0/0. */
    static double macroF1(List<int[]> pairs, int k) {
        double sum = 0;
        for (int label = 0; label < k; label++) {
            long tp = 0, fp = 0, fn = 0;
            for (var p : pairs) {
                if (p[0] == label && p[1] == label) tp++;
                else if (p[1] == label) fp++;
                else if (p[0] == label) fn++;
            }
            long den = 2 * tp + fp + fn;
            sum += den == 0 ? 0 : 2.0 * tp / den;
        }
        return sum / k;
    }

    /** Cohen's κ = (pₒ − pₑ) / (1 − pₑ); undefined when pₑ = 1 (both sides used one label only) or nothing paired. */
    static OptionalDouble kappa(long[][] m) {
        int k = m.length;
        double n = 0;
        var rows = new double[k];
        var cols = new double[k];
        double diagonal = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                n += m[i][j];
                rows[i] += m[i][j];
                cols[j] += m[i][j];
            }
            diagonal += m[i][i];
        }
        if (n == 0) return OptionalDouble.empty();
        double po = diagonal / n;
        double pe = 0;
        for (int i = 0; i < k; i++) pe += rows[i] / n * (cols[i] / n);
        if (pe >= 1) return OptionalDouble.empty();
        return OptionalDouble.of((po - pe) / (1 - pe));
    }

    public static Map<String, Object> toJson(Result r) {
        var out = new LinkedHashMap<String, Object>();
        out.put("grading", r.grading().name().toLowerCase());
        out.put("labels", r.labels().stream().map(RrVerdict::officialName).toList());
        out.put("tasks", r.tasks());
        out.put("pairs", r.pairs());
        out.put("unpaired", r.unpaired());
        out.put("macro_f1", r.macroF1().isPresent() ? r.macroF1().getAsDouble() : null);
        out.put("cohen_kappa", r.kappa().isPresent() ? r.kappa().getAsDouble() : null);
        out.put("accuracy", r.accuracy());
        var rows = new ArrayList<List<Long>>();
        for (var row : r.matrix()) rows.add(java.util.Arrays.stream(row).boxed().toList());
        out.put("confusion_matrix", rows);
        out.put("macro_f1_by_task", r.macroF1ByTask());
        return out;
    }
}
