package ai.lyceum.bench.swebench.parse;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPython 3.11's {@code json.loads} (its C scanner), down to the error messages: several official parsers swallow
 * {@code JSONDecodeError} and one puts {@code str(e)} into a test name, so accepting or rejecting a different set of
 * documents, or wording an error differently, would change verdicts. Objects become {@link LinkedHashMap}s (last
 * duplicate key wins, first position kept, as a dict), arrays {@link List}s, integers {@link BigInteger}, floats
 * {@link Double}, {@code null} becomes {@link #NULL}.
 */
public final class PyJson {
    /** Python's {@code None}. */
    public static final Object NULL = new Object() {
        @Override public String toString() { return "None"; }
    };

    /** {@code json.JSONDecodeError}; {@link #getMessage()} is Python's {@code str(e)}. */
    public static final class DecodeError extends Exception {
        DecodeError(String msg, int[] doc, int pos) {
            super(format(msg, doc, pos));
        }

        private static String format(String msg, int[] doc, int pos) {
            int line = 1, lastNl = -1;
            for (int i = 0; i < pos && i < doc.length; i++) {
                if (doc[i] == '\n') { line++; lastNl = i; }
            }
            return msg + ": line " + line + " column " + (pos - lastNl) + " (char " + pos + ")";
        }
    }

    private final int[] s;

    private PyJson(String text) { this.s = text.codePoints().toArray(); }

    /** {@code json.loads(text)}. */
    public static Object loads(String text) throws DecodeError {
        var p = new PyJson(text);
        int idx = p.ws(0);
        var end = new int[1];
        var value = p.scan(idx, end);
        int after = p.ws(end[0]);
        if (after != p.s.length) throw new DecodeError("Extra data", p.s, after);
        return value;
    }

    /** Python's {@code type(x).__name__}, for the messages of the errors the ports re-raise. */
    public static String typeName(Object value) {
        if (value == NULL) return "NoneType";
        if (value instanceof Map<?, ?>) return "dict";
        if (value instanceof List<?>) return "list";
        if (value instanceof String) return "str";
        if (value instanceof Boolean) return "bool";
        if (value instanceof BigInteger) return "int";
        if (value instanceof Double) return "float";
        throw new IllegalArgumentException("not a JSON value: " + value);
    }

    private int ws(int i) {
        while (i < s.length && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
        return i;
    }

    /** Signals "Expecting value" at {@code pos}, as the scanner's StopIteration does. */
    private static final class NoValue extends Exception {
        final int pos;

        NoValue(int pos) {
            super(null, null, false, false);
            this.pos = pos;
        }
    }

    private Object scan(int idx, int[] end) throws DecodeError {
        try {
            return scanOnce(idx, end);
        } catch (NoValue e) {
            throw new DecodeError("Expecting value", s, e.pos);
        }
    }

    private Object scanOnce(int idx, int[] end) throws DecodeError, NoValue {
        if (idx >= s.length) throw new NoValue(idx);
        int c = s[idx];
        switch (c) {
            case '"' -> { return string(idx + 1, end); }
            case '{' -> { return object(idx + 1, end); }
            case '[' -> { return array(idx + 1, end); }
            case 'n' -> { if (word(idx, "null")) { end[0] = idx + 4; return NULL; } }
            case 't' -> { if (word(idx, "true")) { end[0] = idx + 4; return Boolean.TRUE; } }
            case 'f' -> { if (word(idx, "false")) { end[0] = idx + 5; return Boolean.FALSE; } }
            case 'N' -> { if (word(idx, "NaN")) { end[0] = idx + 3; return Double.NaN; } }
            case 'I' -> { if (word(idx, "Infinity")) { end[0] = idx + 8; return Double.POSITIVE_INFINITY; } }
            case '-' -> { if (word(idx, "-Infinity")) { end[0] = idx + 9; return Double.NEGATIVE_INFINITY; } }
            default -> { }
        }
        return number(idx, end);
    }

    private boolean word(int idx, String w) {
        if (idx + w.length() > s.length) return false;
        for (int k = 0; k < w.length(); k++) if (s[idx + k] != w.charAt(k)) return false;
        return true;
    }

    private Object number(int start, int[] end) throws NoValue {
        int i = start;
        if (i < s.length && s[i] == '-') i++;
        if (i < s.length && s[i] >= '1' && s[i] <= '9') {
            i++;
            while (i < s.length && digit(s[i])) i++;
        } else if (i < s.length && s[i] == '0') {
            i++;
        } else {
            throw new NoValue(start);
        }
        boolean isFloat = false;
        if (i + 1 < s.length && s[i] == '.' && digit(s[i + 1])) {
            isFloat = true;
            i += 2;
            while (i < s.length && digit(s[i])) i++;
        }
        if (i < s.length && (s[i] == 'e' || s[i] == 'E')) {
            int e = i + 1;
            if (e < s.length && (s[e] == '-' || s[e] == '+')) e++;
            if (e < s.length && digit(s[e])) {
                while (e < s.length && digit(s[e])) e++;
                isFloat = true;
                i = e;
            }
        }
        end[0] = i;
        var text = new String(s, start, i - start);
        return isFloat ? (Object) Double.parseDouble(text) : new BigInteger(text);
    }

    private static boolean digit(int c) { return c >= '0' && c <= '9'; }

    private String string(int begin, int[] end) throws DecodeError {
        var sb = new StringBuilder();
        int next = begin;
        while (true) {
            int chunk = next;
            int c = 0;
            while (next < s.length) {
                c = s[next];
                if (c == '"' || c == '\\') break;
                if (c <= 0x1f) throw new DecodeError("Invalid control character at", s, next);
                next++;
            }
            if (next >= s.length) throw new DecodeError("Unterminated string starting at", s, begin - 1);
            for (int k = chunk; k < next; k++) sb.appendCodePoint(s[k]);
            next++;
            if (c == '"') { end[0] = next; return sb.toString(); }
            if (next >= s.length) throw new DecodeError("Unterminated string starting at", s, begin - 1);
            c = s[next];
            if (c != 'u') {
                int mapped = switch (c) {
                    case '"' -> '"';
                    case '\\' -> '\\';
                    case '/' -> '/';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> -1;
                };
                if (mapped < 0) throw new DecodeError("Invalid \\escape", s, next - 1);
                sb.append((char) mapped);
                next++;
                continue;
            }
            next++;
            int cp = hex4(next);
            next += 4;
            if (cp >= 0xd800 && cp <= 0xdbff && next + 5 < s.length + 0 && s[next] == '\\' && s[next + 1] == 'u') {
                int low = hex4(next + 2);
                if (low >= 0xdc00 && low <= 0xdfff) {
                    cp = 0x10000 + (((cp - 0xd800) << 10) | (low - 0xdc00));
                    next += 6;
                }
            }
            sb.appendCodePoint(cp);
        }
    }

    private int hex4(int at) throws DecodeError {
        if (at + 4 > s.length) throw new DecodeError("Invalid \\uXXXX escape", s, at - 1);
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int d = Character.digit(s[at + k], 16);
            if (d < 0 || s[at + k] > 'f') throw new DecodeError("Invalid \\uXXXX escape", s, at - 1);
            v = v * 16 + d;
        }
        return v;
    }

    private Map<String, Object> object(int idx, int[] end) throws DecodeError, NoValue {
        var out = new LinkedHashMap<String, Object>();
        idx = ws(idx);
        if (idx < s.length && s[idx] == '}') { end[0] = idx + 1; return out; }
        while (true) {
            if (idx >= s.length || s[idx] != '"') {
                throw new DecodeError("Expecting property name enclosed in double quotes", s, idx);
            }
            var key = string(idx + 1, end);
            idx = ws(end[0]);
            if (idx >= s.length || s[idx] != ':') throw new DecodeError("Expecting ':' delimiter", s, idx);
            idx = ws(idx + 1);
            var value = scanOnce(idx, end);
            out.put(key, value);
            idx = ws(end[0]);
            if (idx < s.length && s[idx] == '}') { end[0] = idx + 1; return out; }
            if (idx >= s.length || s[idx] != ',') throw new DecodeError("Expecting ',' delimiter", s, idx);
            idx = ws(idx + 1);
        }
    }

    private List<Object> array(int idx, int[] end) throws DecodeError, NoValue {
        var out = new ArrayList<Object>();
        idx = ws(idx);
        if (idx < s.length && s[idx] == ']') { end[0] = idx + 1; return out; }
        while (true) {
            out.add(scanOnce(idx, end));
            idx = ws(end[0]);
            if (idx < s.length && s[idx] == ']') { end[0] = idx + 1; return out; }
            if (idx >= s.length || s[idx] != ',') throw new DecodeError("Expecting ',' delimiter", s, idx);
            idx = ws(idx + 1);
        }
    }
}
