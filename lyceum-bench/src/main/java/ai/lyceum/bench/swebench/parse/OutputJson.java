package ai.lyceum.bench.swebench.parse;

import ai.lyceum.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The official {@code output.json}: written byte-identical to {@code json.dump(..., indent=2)}, and read back. */
public final class OutputJson {
    private OutputJson() {}

    public static String write(List<TestResult> tests) {
        if (tests.isEmpty()) return "{\n  \"tests\": []\n}";
        var sb = new StringBuilder("{\n  \"tests\": [\n");
        for (int i = 0; i < tests.size(); i++) {
            var t = tests.get(i);
            sb.append("    {\n      \"name\": ");
            quote(sb, t.name());
            sb.append(",\n      \"status\": \"").append(t.status().name()).append("\"\n    }");
            sb.append(i + 1 < tests.size() ? ",\n" : "\n");
        }
        return sb.append("  ]\n}").toString();
    }

    /** Python's {@code ensure_ascii} string encoding. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c >= ' ' && c <= '~') sb.append(c);
                    else sb.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        sb.append('"');
    }

    /** Reads an {@code output.json} (official or ours); an entry without name or status is an error. */
    public static List<TestResult> read(String json) throws IOException {
        JsonNode root = Json.newMapper().readTree(json);
        var tests = root == null ? null : root.get("tests");
        if (tests == null || !tests.isArray()) throw new IOException("output.json has no \"tests\" array");
        var out = new ArrayList<TestResult>();
        for (var t : tests) {
            var name = t.get("name");
            var status = t.get("status");
            if (name == null || status == null) throw new IOException("output.json entry without name or status: " + t);
            try {
                out.add(new TestResult(name.asText(), TestStatus.valueOf(status.asText())));
            } catch (IllegalArgumentException e) {
                throw new IOException("output.json: unknown status " + status);
            }
        }
        return out;
    }
}
