package ai.lyceum.reward.judge;

import ai.lyceum.reward.rubric.Criterion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Judge prompt templates (resources beside this class) and the framing of untrusted text.
 *
 * <p>Two rules keep a response from steering its judge. Substitution is one pass over the template, so a response
 * containing {@code {{rubric}}} stays literal text. And every untrusted block sits between markers carrying a tag
 * derived from a SHA-256 of the untrusted texts themselves: a response cannot contain the closing marker, because
 * it would have to contain a hash of itself. The tag is deterministic, so identical prompts stay cacheable.
 */
final class Prompts {
    private static final Pattern SLOT = Pattern.compile("\\{\\{([a-z_]+)}}");
    private static final Map<String, String> TEMPLATES = new ConcurrentHashMap<>();
    private static final Map<String, List<String>> SPLIT = new ConcurrentHashMap<>();
    private static final MessageDigest SHA256 = newSha256();

    private Prompts() {}

    static String template(String name) {
        return TEMPLATES.computeIfAbsent(name, n -> {
            try (InputStream in = Prompts.class.getResourceAsStream(n + ".txt")) {
                if (in == null) throw new IllegalStateException("missing judge prompt resource " + n + ".txt");
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Fills {@code {{slot}}}s in one pass; {@code data_rules} is always available. Templates are split once into
     * alternating literal and slot parts, since rendering runs for every judge call.
     */
    static String render(String name, Map<String, String> values) {
        var parts = SPLIT.computeIfAbsent(name, Prompts::split);
        var out = new StringBuilder(4096);
        for (int i = 0; i < parts.size(); i++) {
            if (i % 2 == 0) {
                out.append(parts.get(i));
                continue;
            }
            var key = parts.get(i);
            var value = key.equals("data_rules") ? template("data-rules") : values.get(key);
            if (value == null) throw new IllegalArgumentException("prompt " + name + " needs a value for {{" + key + "}}");
            out.append(value);
        }
        return out.toString();
    }

    /** [literal, slot, literal, slot, …, literal]. */
    private static List<String> split(String name) {
        var text = template(name);
        var m = SLOT.matcher(text);
        var parts = new ArrayList<String>();
        int last = 0;
        while (m.find()) {
            parts.add(text.substring(last, m.start()));
            parts.add(m.group(1));
            last = m.end();
        }
        parts.add(text.substring(last));
        return List.copyOf(parts);
    }

    /** A 16-hex tag no untrusted text contains, derived from all of them (see the class comment). */
    static String tag(List<String> untrusted) {
        for (int salt = 0; ; salt++) {
            var digest = sha256();
            digest.update(Integer.toString(salt).getBytes(StandardCharsets.UTF_8));
            for (var text : untrusted) {
                digest.update((byte) 0);
                digest.update(text.getBytes(StandardCharsets.UTF_8));
            }
            var tag = HexFormat.of().formatHex(digest.digest(), 0, 8);
            if (untrusted.stream().noneMatch(t -> t.contains(tag))) return tag;
        }
    }

    /** One criterion as the judge reads it. */
    static String criterion(Criterion c) {
        return (c.title().isEmpty() ? "" : c.title() + " — ") + c.description();
    }

    static String pitfallNote(Criterion c) {
        return c.describesBadBehaviour()
                ? "Note: this criterion describes an undesirable behaviour. Answer \"satisfied\" if that behaviour IS present in the response, \"not_satisfied\" if it is absent.\n"
                : "";
    }

    /** {@code [<Category>] (<weight>) <title>: <description>}, the implicit judge's rubric line. */
    static String rubricLine(Criterion c) {
        return "[" + c.category().label() + "] (" + weight(c.weight()) + ") "
                + (c.title().isEmpty() ? "" : c.title() + ": ") + c.description();
    }

    static String weight(double w) {
        return w == Math.rint(w) ? Long.toString((long) w) : Double.toString(w);
    }

    /** A fresh SHA-256; cloning a prototype skips the provider lookup {@code getInstance} does each time. */
    static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
