package ai.lyceum.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record of a data set as JSON, with where it came from ({@code file:line} for JSONL, {@code file:row N}
 * for Parquet) so that every later error can name its source.
 *
 * @param index 0-based position in the file
 */
public record Row(ObjectNode fields, long index, String location) {
    /** The value at a dotted path ({@code meta.id}); a missing or null value is an error naming this row. */
    public JsonNode node(String path) throws DatasetException {
        JsonNode node = fields;
        for (var part : path.split("\\.")) node = node.path(part);
        if (node.isMissingNode() || node.isNull()) throw new DatasetException(location + ": missing field '" + path + "'");
        return node;
    }

    /** A string or number field as text. */
    public String text(String path) throws DatasetException {
        var node = node(path);
        if (node.isValueNode()) return node.asText();
        throw new DatasetException(location + ": field '" + path + "' must be a string or number, found " + node.getNodeType());
    }
}
