package ai.lyceum.bench.researchrubrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Python's {@code json.dumps(value, indent=2)}, so the synthesis prompt is the grader's to the byte: two-space
 * indentation, items separated by {@code ","} and a newline, {@code ": "} after keys, non-ASCII as
 * {@code \\uXXXX} ({@code ensure_ascii}), and {@code []}/{@code {}} for empty containers.
 */
final class PythonJson {
    private PythonJson() {}

    static String dumpsIndent2(List<JsonNode> items) {
        var out = new StringBuilder();
        if (items.isEmpty()) return "[]";
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "\n" : ",\n").append("  ");
            write(items.get(i), 1, out);
        }
        return out.append("\n]").toString();
    }

    private static void write(JsonNode node, int depth, StringBuilder out) {
        if (node.isTextual()) {
            string(node.asText(), out);
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            int i = 0;
            for (var e : node) {
                out.append(i++ == 0 ? "\n" : ",\n").append("  ".repeat(depth + 1));
                write(e, depth + 1, out);
            }
            out.append('\n').append("  ".repeat(depth)).append(']');
        } else if (node.isObject()) {
            if (node.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            int i = 0;
            for (var field : node.properties()) {
                out.append(i++ == 0 ? "\n" : ",\n").append("  ".repeat(depth + 1));
                string(field.getKey(), out);
                out.append(": ");
                write(field.getValue(), depth + 1, out);
            }
            out.append('\n').append("  ".repeat(depth)).append('}');
        } else if (node.isBoolean()) {
            out.append(node.asBoolean() ? "true" : "false");
        } else if (node.isNull()) {
            out.append("null");
        } else if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue());
        } else {
            out.append(RrPrompts.pythonFloat(node.asDouble()));
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7f) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
