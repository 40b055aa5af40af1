package ai.lyceum.reward.rubric;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.dataset.DatasetReader;
import ai.lyceum.dataset.Row;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of RaR-Medicine or RaR-Science ({@code question}, {@code reference_answer}, {@code question_source},
 * {@code rubric} [{title, description, weight}], {@code rubric_list}, {@code rubric_count}), from JSONL or the
 * released Parquet shards. The rubric is in {@link RubricWeighting#DATA_INTEGER}, categories from the prefixes.
 */
public record RarExample(String question, String referenceAnswer, String questionSource, Rubric rubric,
                         List<String> rubricList, int rubricCount) {
    public RarExample {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(referenceAnswer, "referenceAnswer");
        Objects.requireNonNull(questionSource, "questionSource");
        Objects.requireNonNull(rubric, "rubric");
        rubricList = List.copyOf(rubricList);
    }

    public static List<RarExample> read(Path file) throws DatasetException {
        var rows = DatasetReader.read(file);
        var out = new ArrayList<RarExample>(rows.size());
        for (var row : rows) out.add(of(row));
        return out;
    }

    static RarExample of(Row row) throws DatasetException {
        var f = row.fields();
        var where = row.location();
        if (!f.path("question").isTextual()) throw new DatasetException(where + ": missing string field 'question'");
        var rubric = RubricJson.parse(f.get("rubric"), RubricWeighting.DATA_INTEGER, where);
        var list = new ArrayList<String>();
        for (var s : f.path("rubric_list")) list.add(s.asText());
        int count = f.path("rubric_count").asInt(rubric.size());
        if (count != rubric.size()) {
            throw new DatasetException(where + ": rubric_count " + count + " differs from the rubric's " + rubric.size() + " items");
        }
        return new RarExample(f.get("question").asText(), f.path("reference_answer").asText(""),
                f.path("question_source").asText(""), rubric, list, count);
    }

    /** A task whose prompt is the question, reference the reference answer, and metadata the rubric. */
    public Task toTask(String id) {
        return new Task(id, List.of(Message.user(question)),
                referenceAnswer.isEmpty() ? Optional.empty() : Optional.of(referenceAnswer),
                Map.of(RubricJson.METADATA_KEY, RubricJson.toMetadata(rubric), "question_source", questionSource));
    }
}
