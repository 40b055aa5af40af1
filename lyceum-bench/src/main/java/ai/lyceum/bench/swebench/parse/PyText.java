package ai.lyceum.bench.swebench.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Python 3 {@code str} semantics the ports need. Java strings are UTF-16; Python's are code points, and its notions
 * of whitespace, printable and line break differ from Java's, so every verdict-relevant operation lives here.
 */
public final class PyText {
    private PyText() {}

    /**
     * {@code open(path).read()} under a UTF-8 locale: strict UTF-8 and universal newlines ({@code \r\n} and
     * {@code \r} become {@code \n}).
     */
    public static String read(byte[] bytes) throws ParserCrash {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (MalformedInputException e) {
            int at = firstInvalid(bytes);
            throw new ParserCrash("UnicodeDecodeError", String.format(
                    "'utf-8' codec can't decode byte 0x%02x in position %d", bytes[at] & 0xff, at));
        } catch (CharacterCodingException e) {
            throw new ParserCrash("UnicodeDecodeError", "'utf-8' codec can't decode: " + e.getMessage());
        }
        if (text.indexOf('\r') < 0) return text;
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static int firstInvalid(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        var in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : 0;
    }

    /** {@code str.isspace()} for one code point. */
    public static boolean isSpace(int c) {
        return switch (c) {
            case '\t', '\n', 0x0b, '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, ' ', 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f,
                 0x205f, 0x3000 -> true;
            default -> c >= 0x2000 && c <= 0x200a;
        };
    }

    /** The whitespace set as regex character-class contents, for {@link PyRe}. */
    static final String SPACE_CLASS = "\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}"
            + "\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}";

    /** {@code str.isprintable()} for one code point. */
    public static boolean isPrintable(int c) {
        if (c == ' ') return true;
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /** {@code ''.join(ch for ch in s if ch.isprintable())}, optionally keeping {@code \n}. */
    public static String printableOnly(String s, boolean keepNewline) {
        var sb = new StringBuilder(s.length());
        s.codePoints().filter(c -> isPrintable(c) || (keepNewline && c == '\n')).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    public static String strip(String s) { return rstrip(lstrip(s)); }

    public static String lstrip(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) i++;
        return s.substring(i);
    }

    public static String rstrip(String s) {
        int j = s.length();
        while (j > 0 && isSpace(s.charAt(j - 1))) j--;
        return s.substring(0, j);
    }

    /** {@code str.split()}: runs of whitespace separate, no empty fields. */
    public static List<String> split(String s) {
        var out = new ArrayList<String>();
        int i = 0, n = s.length();
        while (i < n) {
            while (i < n && isSpace(s.charAt(i))) i++;
            if (i >= n) break;
            int j = i;
            while (j < n && !isSpace(s.charAt(j))) j++;
            out.add(s.substring(i, j));
            i = j;
        }
        return out;
    }

    /** {@code str.split(sep)} with a literal separator: keeps empty fields. */
    public static List<String> split(String s, String sep) {
        var out = new ArrayList<String>();
        int from = 0, at;
        while ((at = s.indexOf(sep, from)) >= 0) {
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    /** {@code s.split(sep)[-1]}. */
    public static String lastField(String s, String sep) {
        int at = s.lastIndexOf(sep);
        return at < 0 ? s : s.substring(at + sep.length());
    }

    /** {@code str.splitlines()}: Python's line boundaries, no trailing empty line. */
    public static List<String> splitlines(String s) {
        var out = new ArrayList<String>();
        int start = 0, i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            boolean eol = switch (c) {
                case '\n', '\r', 0x0b, '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029 -> true;
                default -> false;
            };
            if (!eol) { i++; continue; }
            out.add(s.substring(start, i));
            i += (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') ? 2 : 1;
            start = i;
        }
        if (start < n) out.add(s.substring(start));
        return out;
    }

    /** {@code len(s)}: code points. */
    public static int len(String s) { return s.codePointCount(0, s.length()); }

    /** {@code s[:n]} in code points. */
    public static String head(String s, int n) {
        if (n >= len(s)) return s;
        return s.substring(0, s.offsetByCodePoints(0, n));
    }

    /** {@code s.lower()}, close enough for the ASCII keywords the parsers look for. */
    public static String lower(String s) { return s.toLowerCase(java.util.Locale.ROOT); }
}
