package ai.lyceum.bench.swebench;

import java.util.ArrayList;
import java.util.List;

/**
 * The lenient list parser the spec asks for: the published data stores test lists as Python list literals
 * (single or double quotes, backslash escapes, trailing commas), other copies as JSON arrays; an empty string or
 * null is an empty list. Names are kept byte-exact.
 */
public final class ListLiteral {
    private ListLiteral() {}

    /** Parses {@code text}; a malformed literal throws {@link IllegalArgumentException} saying where. */
    public static List<String> parse(String text) {
        if (text == null || text.isBlank()) return List.of();
        var p = new ListLiteral.Cursor(text);
        p.skipSpace();
        p.expect('[');
        var out = new ArrayList<String>();
        while (true) {
            p.skipSpace();
            if (p.peek() == ']') { p.pos++; break; }
            out.add(p.string());
            p.skipSpace();
            char c = p.peek();
            if (c == ',') { p.pos++; continue; }
            if (c == ']') { p.pos++; break; }
            throw p.error("expected ',' or ']'");
        }
        p.skipSpace();
        if (p.pos != text.length()) throw p.error("unexpected text after the list");
        return List.copyOf(out);
    }

    private static final class Cursor {
        final String s;
        int pos;

        Cursor(String s) { this.s = s; }

        char peek() {
            if (pos >= s.length()) throw error("unexpected end");
            return s.charAt(pos);
        }

        void skipSpace() { while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++; }

        void expect(char c) {
            if (peek() != c) throw error("expected '" + c + "'");
            pos++;
        }

        String string() {
            char quote = peek();
            if (quote != '\'' && quote != '"') throw error("expected a quoted string");
            int start = pos++;
            var sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) { pos = start; throw error("unterminated string"); }
                char c = s.charAt(pos++);
                if (c == quote) return sb.toString();
                if (c != '\\') { sb.append(c); continue; }
                if (pos >= s.length()) { pos = start; throw error("unterminated string"); }
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case '0' -> sb.append('\0');
                    case '\\', '\'', '"', '/' -> sb.append(e);
                    case 'u' -> {
                        if (pos + 4 > s.length()) throw error("bad \\u escape");
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    case 'x' -> {
                        if (pos + 2 > s.length()) throw error("bad \\x escape");
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 2), 16));
                        pos += 2;
                    }
                    // Python keeps an unknown escape as written.
                    default -> sb.append('\\').append(e);
                }
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at character " + (pos + 1) + " of the list literal");
        }
    }
}
