package ai.lyceum.reward.rubric;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.dataset.DatasetReader;
import ai.lyceum.dataset.Row;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads rubric tasks from JSONL, JSONL.gz or Parquet, recognising each row's schema: RaR ({@code question} +
 * {@code rubric}), HealthBench ({@code prompt_id} + {@code rubrics}), ResearchRubrics ({@code sample_id} +
 * {@code rubrics}), or the generic one ({@code prompt} as a string or chat messages, {@code rubric} in
 * {@link RubricJson}'s schema, optional {@code id} and {@code reference_answer}/{@code reference}).
 *
 * <p>A task carries its rubric in {@code metadata.rubric} ({@link RubricJson#METADATA_KEY}), in the data convention;
 * replayed grades ({@code verdicts}, {@code rating}) ride along in metadata too.
 */
public final class RubricTasks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RubricTasks() {}

    public static List<Task> read(Path file) throws DatasetException {
        var rows = DatasetReader.read(file);
        var out = new ArrayList<Task>(rows.size());
        var seen = new HashMap<String, String>();
        for (var row : rows) {
            var task = task(row);
            var earlier = seen.putIfAbsent(task.id(), row.location());
            if (earlier != null) throw new DatasetException(row.location() + ": duplicate id '" + task.id() + "' (first at " + earlier + ")");
            out.add(task);
        }
        return out;
    }

    /** One row as a task, whatever its schema. */
    public static Task task(Row row) throws DatasetException { return load(row).task(); }

    /** A task and its parsed rubric (the batch scorer needs both and should not parse the rubric twice). */
    record Loaded(Task task, Rubric rubric) {}

    static Loaded load(Row row) throws DatasetException {
        var f = row.fields();
        Task base;
        Rubric rubric;
        if (f.has("question") && f.has("rubric")) {
            var rar = RarExample.of(row);
            base = rar.toTask(f.path("id").isValueNode() ? f.get("id").asText() : "rar-" + row.index());
            rubric = rar.rubric();
        } else if (f.has("prompt_id") && f.has("rubrics")) {
            var hb = HealthBenchExample.of(row);
            base = hb.toTask();
            rubric = hb.rubrics();
        } else if (f.has("sample_id") && f.has("rubrics")) {
            var rr = RrTask.of(row);
            base = rr.toTask();
            rubric = rr.rubrics();
        } else {
            return generic(row);
        }
        var metadata = new LinkedHashMap<>(base.metadata());
        carry(f, metadata, "verdicts");
        carry(f, metadata, "rating");
        return new Loaded(new Task(base.id(), base.prompt(), base.reference(), metadata), rubric);
    }

    private static Loaded generic(Row row) throws DatasetException {
        var f = row.fields();
        var where = row.location();
        var id = f.path("id").isValueNode() && !f.get("id").isNull() ? f.get("id").asText() : "line-" + (row.index() + 1);
        var prompt = messages(f.get("prompt"), where);
        var rubricNode = f.has("rubric") ? f.get("rubric") : f.get("rubrics");
        var rubric = RubricJson.parse(rubricNode, RubricWeighting.DATA_INTEGER, where);
        Optional<String> reference = Optional.empty();
        for (var key : List.of("reference_answer", "reference")) {
            if (f.path(key).isTextual()) {
                reference = Optional.of(f.get(key).asText());
                break;
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = JSON.convertValue(f, LinkedHashMap.class);
        metadata.values().removeIf(Objects::isNull);
        metadata.remove("rubrics");
        metadata.put(RubricJson.METADATA_KEY, RubricJson.toMetadata(rubric));
        return new Loaded(new Task(id, prompt, reference, metadata), rubric);
    }

    static List<Message> messages(JsonNode node, String where) throws DatasetException {
        if (node != null && node.isTextual()) return List.of(Message.user(node.asText()));
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new DatasetException(where + ": 'prompt' must be a string or a non-empty list of chat messages");
        }
        var out = new ArrayList<Message>();
        for (var m : node) {
            if (!m.path("role").isTextual() || !m.path("content").isTextual()) {
                throw new DatasetException(where + ": prompt message without string 'role' and 'content': " + m);
            }
            out.add(new Message(m.get("role").asText(), m.get("content").asText()));
        }
        return out;
    }

    private static void carry(JsonNode fields, Map<String, Object> metadata, String key) {
        var v = fields.get(key);
        if (v != null && !v.isNull()) metadata.put(key, JSON.convertValue(v, Object.class));
    }
}
