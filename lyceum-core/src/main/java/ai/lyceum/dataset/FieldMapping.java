package ai.lyceum.dataset;

import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How a data set's fields become a {@link Task}. Field names may be dotted paths into nested objects
 * ({@code meta.id}). The prompt field may hold a string (one user message) or a list of chat messages.
 *
 * @param idPrefix       prefixes every id; when {@code idField} is absent, ids are {@code prefix-<row index>}
 * @param idField        the field holding a stable id, if the data set has one
 * @param promptField    the question or chat messages
 * @param referenceField the reference answer, if any
 * @param template       turns the raw prompt text into what the user message says (instructions, format)
 */
public record FieldMapping(String idPrefix, Optional<String> idField, String promptField,
                           Optional<String> referenceField, UnaryOperator<String> template) implements RowMapper {
    private static final ObjectMapper JSON = new ObjectMapper();

    public FieldMapping {
        Objects.requireNonNull(idPrefix, "idPrefix");
        Objects.requireNonNull(promptField, "promptField");
        Objects.requireNonNull(template, "template");
    }

    public static FieldMapping of(String idPrefix, String promptField, String referenceField) {
        return new FieldMapping(idPrefix, Optional.empty(), promptField, Optional.of(referenceField),
                UnaryOperator.identity());
    }

    public FieldMapping withTemplate(UnaryOperator<String> template) {
        return new FieldMapping(idPrefix, idField, promptField, referenceField, template);
    }

    public FieldMapping withIdField(String field) {
        return new FieldMapping(idPrefix, Optional.of(field), promptField, referenceField, template);
    }

    @Override
    public Task map(Row row) throws DatasetException {
        var id = idPrefix + "-" + (idField.isPresent() ? row.text(idField.get()) : Long.toString(row.index()));
        var reference = referenceField.isPresent() ? Optional.of(row.text(referenceField.get())) : Optional.<String>empty();
        return new Task(id, prompt(row), reference, metadata(row));
    }

    private List<Message> prompt(Row row) throws DatasetException {
        var node = row.node(promptField);
        if (node.isTextual()) return List.of(Message.user(template.apply(node.asText())));
        if (!node.isArray() || node.isEmpty()) {
            throw new DatasetException(row.location() + ": field '" + promptField
                    + "' must be a string or a non-empty list of messages, found " + node.getNodeType());
        }
        var messages = new ArrayList<Message>();
        for (var m : node) {
            if (!m.path("role").isTextual() || !m.path("content").isTextual()) {
                throw new DatasetException(row.location() + ": field '" + promptField
                        + "' holds a message without string 'role' and 'content': " + m);
            }
            messages.add(new Message(m.get("role").asText(), m.get("content").asText()));
        }
        return messages;
    }

    /** The whole row as task metadata, so rewards can read the data set's own fields (tests, rubrics…). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> metadata(Row row) {
        var all = JSON.convertValue(row.fields(), LinkedHashMap.class);
        all.values().removeIf(Objects::isNull); // Task metadata is immutable and null-free
        return all;
    }
}
