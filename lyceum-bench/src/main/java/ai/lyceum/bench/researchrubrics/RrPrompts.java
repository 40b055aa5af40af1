package ai.lyceum.bench.researchrubrics;

import ai.lyceum.reward.rubric.Grading;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The public grader's prompts, shipped as resources: {@code binary/} holds the official files byte for byte (MIT,
 * see {@code LICENSE-prompts}); {@code ternary/} is the paper's variant, the same text with "Partially Satisfied"
 * (0.5) added to the scale and to the reply's verdict enum. The chunk prompt and its system line are shared.
 *
 * <p>Templates use Python {@code str.format} syntax ({@code {name}}, {@code {{}} for a brace), filled in one pass so
 * that a report containing {@code {rubric_title}} stays literal text.
 */
public record RrPrompts(String system, String user, String chunk, String synthesis) {
    /** The system line the public grader sends with every chunk prompt. */
    public static final String CHUNK_SYSTEM = "You are evaluating document chunks for rubric criteria.";

    public static RrPrompts of(Grading grading) {
        var dir = grading == Grading.BINARY ? "binary/" : "ternary/";
        return new RrPrompts(resource(dir + "system_prompt.txt"), resource(dir + "user_prompt.txt"),
                resource("binary/chunk_prompt_template.txt"), resource(dir + "synthesis_prompt_template.txt"));
    }

    static String resource(String name) {
        try (InputStream in = RrPrompts.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing ResearchRubrics prompt resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Python's {@code template.format(**values)}: {@code {{} and {@code }}} are literal braces. */
    public static String format(String template, Map<String, String> values) {
        var out = new StringBuilder(template.length() + 1024);
        int n = template.length();
        for (int i = 0; i < n; i++) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < n && template.charAt(i + 1) == '{') {
                out.append('{');
                i++;
            } else if (c == '}' && i + 1 < n && template.charAt(i + 1) == '}') {
                out.append('}');
                i++;
            } else if (c == '{') {
                int end = template.indexOf('}', i);
                if (end < 0) throw new IllegalArgumentException("unclosed '{' in prompt template at " + i);
                var key = template.substring(i + 1, end);
                var value = values.get(key);
                if (value == null) throw new IllegalArgumentException("prompt template needs a value for {" + key + "}");
                out.append(value);
                i = end;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A weight as Python's {@code str(float)} writes it ({@code 5.0}, {@code -4.0}, {@code 2.5}). */
    public static String pythonFloat(double w) {
        if (w == Math.rint(w) && Math.abs(w) < 1e16) return Long.toString((long) w) + ".0";
        return Double.toString(w);
    }
}
