package ai.lyceum.ares.store;

import ai.lyceum.ares.model.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A structured filter over the flattened columns: clauses joined by {@code and}, each {@code column op value}
 * with op one of {@code = != < <= > >= ~} ({@code ~} is a case-insensitive substring match), or
 * {@code column is null}, {@code column is not null}, {@code column in (v1, v2)}, and {@code tag = name}.
 * Values are numbers, {@code true}/{@code false} or quoted strings. Columns are checked against the schema and
 * values are bound as parameters, so a filter typed into the web UI can never inject SQL.
 *
 * <p>Example: {@code dataset_name = 'pusht' and length >= 100 and task_language_instruction ~ 'cube'}.
 */
public record Filter(String expression, String sql, List<Object> parameters) {
    public static final Filter ALL = new Filter("", "TRUE", List.of());

    public Filter {
        parameters = List.copyOf(parameters);
    }

    private static final Pattern CLAUSE = Pattern.compile(
            "\\s*([a-z_][a-z0-9_]*)\\s*(<=|>=|!=|=|<|>|~|is\\s+not\\s+null|is\\s+null|in)\\s*"
                    + "('(?:[^']|'')*'|\\((?:[^)'\"]|'(?:[^']|'')*')*\\)|[-+0-9.eE]+|true|false)?\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern IN_ITEM = Pattern.compile("\\s*('(?:[^']|'')*'|[-+0-9.eE]+|true|false)\\s*,?");

    public static Filter parse(String expression) {
        if (expression == null || expression.isBlank()) return ALL;
        var sql = new StringBuilder();
        var params = new ArrayList<Object>();
        var parts = expression.split("(?i)\\s+and\\s+(?=(?:[^']*'[^']*')*[^']*$)");
        for (var part : parts) {
            Matcher m = CLAUSE.matcher(part);
            if (!m.matches()) throw new IllegalArgumentException("cannot parse filter clause '" + part.strip()
                    + "'; expected: column op value (ops = != < <= > >= ~ in, is null, is not null)");
            var column = m.group(1).toLowerCase(Locale.ROOT);
            var op = m.group(2).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
            var raw = m.group(3);
            if (!sql.isEmpty()) sql.append(" AND ");
            if (column.equals("tag")) {
                if (!op.equals("=") || raw == null) throw new IllegalArgumentException("tag supports only tag = 'name'");
                sql.append("id IN (SELECT rollout_id FROM tag WHERE tag = ?)");
                params.add(value(raw));
                continue;
            }
            if (column.equals("id")) {
                if (!op.equals("=") || raw == null) throw new IllegalArgumentException("id supports only id = '...'");
                sql.append("id = ?");
                params.add(value(raw));
                continue;
            }
            var col = Schema.ROLLOUT.column(column).orElseThrow(() -> new IllegalArgumentException(
                    "unknown column '" + column + "' in filter; columns are the flattened rollout fields, e.g. dataset_name, length, task_success"));
            var name = "\"" + col.name() + "\"";
            switch (op) {
                case "is null" -> sql.append(name).append(" IS NULL");
                case "is not null" -> sql.append(name).append(" IS NOT NULL");
                case "in" -> {
                    if (raw == null || !raw.startsWith("(")) throw new IllegalArgumentException("in needs a list: " + part.strip());
                    var items = IN_ITEM.matcher(raw.substring(1, raw.length() - 1));
                    var marks = new ArrayList<String>();
                    while (items.find()) {
                        if (items.group(1) == null) break;
                        params.add(typed(col, value(items.group(1))));
                        marks.add("?");
                    }
                    if (marks.isEmpty()) throw new IllegalArgumentException("empty list in " + part.strip());
                    sql.append(name).append(" IN (").append(String.join(", ", marks)).append(')');
                }
                case "~" -> {
                    if (raw == null) throw new IllegalArgumentException("~ needs a value: " + part.strip());
                    sql.append("lower(CAST(").append(name).append(" AS TEXT)) LIKE ?");
                    params.add("%" + value(raw).toString().toLowerCase(Locale.ROOT) + "%");
                }
                default -> {
                    if (raw == null) throw new IllegalArgumentException(op + " needs a value: " + part.strip());
                    sql.append(name).append(' ').append(op.equals("!=") ? "<>" : op).append(" ?");
                    params.add(typed(col, value(raw)));
                }
            }
        }
        return new Filter(expression.strip(), sql.toString(), params);
    }

    private static Object value(String raw) {
        if (raw.startsWith("'")) return raw.substring(1, raw.length() - 1).replace("''", "'");
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) return Boolean.parseBoolean(raw);
        try {
            return raw.contains(".") || raw.contains("e") || raw.contains("E") ? (Object) Double.parseDouble(raw) : (Object) Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + raw);
        }
    }

    private static Object typed(Schema.Column col, Object v) {
        return switch (col.type()) {
            case BIGINT -> v instanceof Number n ? (Object) n.longValue() : fail(col, v);
            case DOUBLE -> v instanceof Number n ? (Object) n.doubleValue() : fail(col, v);
            case BOOLEAN -> v instanceof Boolean ? v : fail(col, v);
            default -> v.toString();
        };
    }

    private static Object fail(Schema.Column col, Object v) {
        throw new IllegalArgumentException(col.name() + " is " + col.type() + "; cannot compare it with " + v);
    }
}
