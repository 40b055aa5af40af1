package ai.lyceum.bench.swebench;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.dataset.DatasetReader;
import ai.lyceum.dataset.Row;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads SWE-Bench Pro instances from the published Parquet or JSONL (16 string fields, lists as Python literals)
 * or from the shared {@code instances_from_run_scripts.jsonl.gz} (lists as JSON arrays, {@code test_files} in place
 * of {@code selected_test_files_to_run}, no patches or statements). Every bad row is an error naming file and line.
 */
public final class SweProInstances {
    private SweProInstances() {}

    /** Instances by id, in file order. */
    public static Map<String, SweProInstance> load(Path file) throws DatasetException {
        var out = new LinkedHashMap<String, SweProInstance>();
        for (var row : DatasetReader.read(file)) {
            var instance = fromRow(row);
            if (out.putIfAbsent(instance.instanceId(), instance) != null) {
                throw new DatasetException(row.location() + ": duplicate instance_id " + instance.instanceId());
            }
        }
        return out;
    }

    static SweProInstance fromRow(Row row) throws DatasetException {
        var id = row.text("instance_id");
        if (!SweProInstance.ID.matcher(id).matches()) {
            throw new DatasetException(row.location() + ": instance_id '" + id
                    + "' does not match instance_{owner}__{repo}-{40-hex sha}[-v{sha}|-vnan]");
        }
        var selected = row.fields().has("selected_test_files_to_run") ? "selected_test_files_to_run" : "test_files";
        try {
            return new SweProInstance(id, row.text("repo"), row.text("base_commit"), text(row, "patch"),
                    text(row, "test_patch"), text(row, "problem_statement"), text(row, "requirements"),
                    text(row, "interface"), text(row, "repo_language"), text(row, "issue_specificity"),
                    text(row, "issue_categories"), list(row, "fail_to_pass"), list(row, "pass_to_pass"),
                    text(row, "before_repo_set_cmd"), list(row, selected), text(row, "dockerhub_tag"));
        } catch (IllegalArgumentException e) {
            throw new DatasetException(row.location() + ": " + e.getMessage());
        }
    }

    /** An optional string field; absent or null is "". */
    private static String text(Row row, String field) throws DatasetException {
        var node = row.fields().get(field);
        if (node == null || node.isNull()) return "";
        if (node.isValueNode()) return node.asText();
        throw new DatasetException(row.location() + ": field '" + field + "' must be a string, found " + node.getNodeType());
    }

    /** A list field, kept as the literal text after checking that it parses; JSON arrays are re-rendered as JSON. */
    private static String list(Row row, String field) throws DatasetException {
        JsonNode node = row.fields().get(field);
        if (node == null || node.isNull()) return "";
        if (node.isArray()) {
            var names = new ArrayList<String>();
            for (var element : node) {
                if (!element.isTextual()) {
                    throw new DatasetException(row.location() + ": field '" + field + "' holds a non-string " + element);
                }
                names.add(element.asText());
            }
            return JsonList.render(names);
        }
        if (!node.isTextual()) {
            throw new DatasetException(row.location() + ": field '" + field + "' must be a list literal, found " + node.getNodeType());
        }
        try {
            ListLiteral.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw new DatasetException(row.location() + ": field '" + field + "': " + e.getMessage());
        }
        return node.asText();
    }

    /** JSON rendering of a string list, which {@link ListLiteral} reads back unchanged. */
    static final class JsonList {
        private JsonList() {}

        static String render(List<String> names) {
            try {
                return ai.lyceum.json.Json.newMapper().writeValueAsString(names);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
