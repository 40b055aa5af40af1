package ai.lyceum.bench.researchrubrics;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.json.Json;
import ai.lyceum.reward.rubric.RrTask;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The replay judge: verdicts a graded run wrote to {@code verdicts.jsonl} (or the public grader's output records),
 * keyed by (sample_id, criterion). Lines carry {@code criterion_index} (1-based) or, as the grader writes them, only
 * {@code rubric_title}, matched to the task's criterion text. A pair with no stored verdict is a failed item
 * ({@code no_stored_verdict}), never a silent 0. Scores are recomputed from verdicts, so a binary run re-scores
 * under ternary and back without a model (a binary judge never says "Partially Satisfied", so only the other
 * direction changes numbers).
 */
public final class StoredVerdicts implements ItemJudge {
    private static final ObjectMapper JSON = Json.newMapper();

    private final Map<String, RrVerdict> byIndex;
    private final Map<String, RrVerdict> byText;
    private final String description;

    private StoredVerdicts(Map<String, RrVerdict> byIndex, Map<String, RrVerdict> byText, String description) {
        this.byIndex = byIndex;
        this.byText = byText;
        this.description = description;
    }

    public static StoredVerdicts read(Path file) throws DatasetException {
        if (!Files.isRegularFile(file)) throw new DatasetException(file + ": no stored verdicts to replay (no such file)");
        var byIndex = new HashMap<String, RrVerdict>();
        var byText = new HashMap<String, RrVerdict>();
        int lineNo = 0;
        try (var lines = Files.newBufferedReader(file)) {
            for (String line; (line = lines.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) continue;
                var where = file + ":" + lineNo;
                com.fasterxml.jackson.databind.JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new DatasetException(where + ": not JSON: " + e.getOriginalMessage());
                }
                if (!node.path("sample_id").isTextual()) throw new DatasetException(where + ": missing string 'sample_id'");
                var v = RrVerdict.fromJson(node, -1, "replay");
                if (node.has("criterion_index")) {
                    if (byIndex.put(v.sampleId() + "#" + v.index(), v) != null) {
                        throw new DatasetException(where + ": a second verdict for " + v.sampleId() + " criterion " + (v.index() + 1));
                    }
                } else if (!v.criterion().isEmpty()) {
                    byText.put(v.sampleId() + "#" + v.criterion(), v);
                } else {
                    throw new DatasetException(where + ": needs 'criterion_index' or 'rubric_title'");
                }
            }
        } catch (IOException e) {
            throw new DatasetException(file + ": " + e.getMessage());
        }
        return new StoredVerdicts(byIndex, byText, "replay:" + file.getFileName());
    }

    public int size() { return byIndex.size() + byText.size(); }

    @Override
    public String describe() { return description; }

    @Override
    public boolean readsReports() { return false; }

    @Override
    public RrVerdict judge(RrTask task, int index, String report) {
        var c = task.rubrics().get(index);
        var stored = byIndex.get(task.sampleId() + "#" + index);
        if (stored == null) stored = byText.get(task.sampleId() + "#" + c.description());
        var axis = c.axis().orElse("");
        if (stored == null) {
            return RrVerdict.failed(task.sampleId(), index, c.description(), axis, c.weight(), "no_stored_verdict",
                    "no verdict for criterion " + (index + 1) + " of " + task.sampleId() + " in " + description, "replay");
        }
        // The task file is the truth for text, axis and weight; the stored line only for the verdict.
        return new RrVerdict(task.sampleId(), index, c.description(), axis, c.weight(), stored.verdict(),
                stored.confidence(), stored.reasoning(), stored.evidenceQuotes(), stored.missingElements(),
                stored.tokensUsed(), stored.chunks(), false, "replay", stored.failure());
    }
}
