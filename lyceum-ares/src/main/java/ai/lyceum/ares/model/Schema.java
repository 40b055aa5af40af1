package ai.lyceum.ares.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The flat SQL view of {@link Rollout}, derived by reflection: nested records become {@code <prefix>_<field>}
 * columns (camelCase to snake_case), {@code Optional} marks a nullable column, and every column but {@code id} is
 * nullable in SQL so that a column added later never breaks rows written earlier. The explicit column → path map
 * ({@link Column#path}) is what the store keeps in {@code schema_meta}, so rebuilding never guesses from prefixes.
 */
public final class Schema {
    public enum SqlType { TEXT, BIGINT, DOUBLE, BOOLEAN, TIMESTAMP }

    /** One flattened column; {@code path} is dotted ({@code robot.color_estimate}). */
    public record Column(String name, String path, SqlType type, Class<?> javaType, Optional<Estimate> estimate) {}

    public static final Schema ROLLOUT = new Schema(Rollout.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Class<? extends Record> root;
    private final List<Column> columns = new ArrayList<>();
    private final List<Method[]> accessors = new ArrayList<>();
    private final Map<String, Integer> byName = new LinkedHashMap<>();

    private Schema(Class<? extends Record> root) {
        this.root = root;
        walk(root, "", "", new Method[0]);
        for (int i = 0; i < columns.size(); i++) byName.put(columns.get(i).name(), i);
    }

    public List<Column> columns() { return columns; }

    public Optional<Column> column(String name) {
        var i = byName.get(name);
        return i == null ? Optional.empty() : Optional.of(columns.get(i));
    }

    public int indexOf(String name) {
        var i = byName.get(name);
        if (i == null) throw new IllegalArgumentException("no column " + name + " in the rollout schema");
        return i;
    }

    public List<Column> estimates() { return columns.stream().filter(c -> c.estimate().isPresent()).toList(); }

    /** The row's values in column order: String, Long, Double, Boolean or Instant, null when absent. */
    public Object[] flatten(Rollout rollout) {
        var values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            Object v = rollout;
            for (var m : accessors.get(i)) v = invoke(m, v);
            if (v instanceof Optional<?> o) v = o.orElse(null);
            values[i] = plain(v);
        }
        return values;
    }

    /** Rebuilds a rollout from a row keyed by column name; missing columns read as absent. */
    public Rollout rebuild(Map<String, ?> row) {
        return (Rollout) build(root, "", row);
    }

    /**
     * One instruction line per estimated field, ARES's format:
     * {@code path: type - description (valid values: regex) (minimum value: x) (maximum value: y)}.
     */
    public String fieldInstructions() {
        var out = new StringBuilder();
        for (var c : estimates()) {
            var e = c.estimate().orElseThrow();
            out.append(c.path()).append(": ").append(typeName(c)).append(" - ").append(e.description());
            if (!e.pattern().isEmpty()) out.append(" (valid values: ").append(e.pattern()).append(')');
            if (Double.isFinite(e.min())) out.append(" (minimum value: ").append(e.min()).append(')');
            if (Double.isFinite(e.max())) out.append(" (maximum value: ").append(e.max()).append(')');
            out.append('\n');
        }
        return out.toString();
    }

    /** An example reply: the estimated fields nested by path, each valued {@code "..."}. */
    public String exampleJson() {
        var rootNode = JSON.createObjectNode();
        for (var c : estimates()) {
            var parts = c.path().split("\\.");
            ObjectNode node = rootNode;
            for (int i = 0; i < parts.length - 1; i++) node = node.has(parts[i]) ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
            node.put(parts[parts.length - 1], "...");
        }
        return rootNode.toPrettyString();
    }

    /** What survived validation of a model's reply, by column name, and why the rest did not. */
    public record Validation(Map<String, Object> values, List<String> errors) {
        public Validation {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
            errors = List.copyOf(errors);
        }
    }

    /** Validates a reply (nested by path, as in {@link #exampleJson}) against every estimated field. */
    public Validation validate(JsonNode reply) {
        var values = new LinkedHashMap<String, Object>();
        var errors = new ArrayList<String>();
        for (var c : estimates()) {
            JsonNode node = reply;
            for (var part : c.path().split("\\.")) node = node.path(part);
            if (node.isMissingNode() || node.isNull()) {
                errors.add(c.path() + ": missing");
                continue;
            }
            var e = c.estimate().orElseThrow();
            switch (c.type()) {
                case BOOLEAN -> {
                    if (node.isBoolean()) values.put(c.name(), node.booleanValue());
                    else errors.add(c.path() + ": expected true or false, got " + node);
                }
                case DOUBLE -> {
                    if (!node.isNumber()) { errors.add(c.path() + ": expected a number, got " + node); continue; }
                    double x = node.doubleValue();
                    if (x < e.min() || x > e.max() || !Double.isFinite(x)) {
                        errors.add(c.path() + ": " + x + " outside [" + e.min() + ", " + e.max() + "]");
                    } else values.put(c.name(), x);
                }
                default -> {
                    if (!node.isTextual()) { errors.add(c.path() + ": expected text, got " + node); continue; }
                    var text = e.lowerCase() ? node.textValue().strip().toLowerCase() : node.textValue().strip();
                    if (!e.pattern().isEmpty() && !Pattern.compile(e.pattern()).matcher(text).matches()) {
                        errors.add(c.path() + ": '" + text + "' is not one of " + e.pattern());
                    } else values.put(c.name(), text);
                }
            }
        }
        return new Validation(values, errors);
    }

    private static String typeName(Column c) {
        return switch (c.type()) {
            case TEXT -> "str";
            case BIGINT -> "int";
            case DOUBLE -> "float";
            case BOOLEAN -> "bool";
            case TIMESTAMP -> "datetime";
        };
    }

    private void walk(Class<?> type, String prefix, String pathPrefix, Method[] chain) {
        for (var rc : type.getRecordComponents()) {
            var name = prefix + snake(rc.getName());
            var path = pathPrefix + snake(rc.getName());
            var next = java.util.Arrays.copyOf(chain, chain.length + 1);
            next[chain.length] = rc.getAccessor();
            if (rc.getType().isRecord()) {
                walk(rc.getType(), name + "_", path + ".", next);
                continue;
            }
            var leaf = leafType(rc);
            columns.add(new Column(name, path, sqlType(leaf, rc), leaf, Optional.ofNullable(rc.getAnnotation(Estimate.class))));
            accessors.add(next);
        }
    }

    private static Class<?> leafType(RecordComponent rc) {
        if (rc.getType() != Optional.class) return rc.getType();
        Type t = ((ParameterizedType) rc.getGenericType()).getActualTypeArguments()[0];
        return (Class<?>) t;
    }

    private static SqlType sqlType(Class<?> t, RecordComponent rc) {
        if (t == String.class || t == UUID.class) return SqlType.TEXT;
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) return SqlType.BIGINT;
        if (t == Double.class || t == double.class) return SqlType.DOUBLE;
        if (t == Boolean.class || t == boolean.class) return SqlType.BOOLEAN;
        if (t == Instant.class) return SqlType.TIMESTAMP;
        throw new IllegalStateException("no SQL type for " + rc + " of type " + t);
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    private static Object plain(Object v) {
        if (v instanceof UUID u) return u.toString();
        if (v instanceof Integer i) return i.longValue();
        return v;
    }

    private static Object invoke(Method m, Object target) {
        try {
            return m.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + m, e);
        }
    }

    private Object build(Class<?> type, String prefix, Map<String, ?> row) {
        var comps = type.getRecordComponents();
        var args = new Object[comps.length];
        var types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            var rc = comps[i];
            types[i] = rc.getType();
            var name = prefix + snake(rc.getName());
            if (rc.getType().isRecord()) {
                args[i] = build(rc.getType(), name + "_", row);
                continue;
            }
            var raw = row.get(name);
            var value = raw == null ? null : convert(raw, leafType(rc));
            if (rc.getType() == Optional.class) args[i] = Optional.ofNullable(value);
            else if (value == null && rc.getType() == int.class) args[i] = 0;
            else if (value == null && rc.getType() == String.class) args[i] = ""; // a row older than the column
            else args[i] = value;
        }
        try {
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("stored row does not make a valid " + type.getSimpleName() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object convert(Object v, Class<?> t) {
        if (t == String.class) return v.toString();
        if (t == UUID.class) return UUID.fromString(v.toString());
        if (t == Integer.class || t == int.class) return ((Number) v).intValue();
        if (t == Long.class || t == long.class) return ((Number) v).longValue();
        if (t == Double.class || t == double.class) return ((Number) v).doubleValue();
        if (t == Boolean.class) return v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString());
        if (t == Instant.class) {
            if (v instanceof Timestamp ts) return ts.toInstant();
            if (v instanceof LocalDateTime ldt) return ldt.toInstant(ZoneOffset.UTC);
            if (v instanceof OffsetDateTime odt) return odt.toInstant();
            return Instant.parse(v.toString());
        }
        throw new IllegalStateException("cannot convert " + v.getClass() + " to " + t);
    }
}
