package ai.lyceum.bench.swebench.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python {@code re} patterns on Java's engine. The ports keep the official patterns as written; this translates the
 * parts whose meaning differs: {@code \s}/{@code \S} (Python: Unicode whitespace as {@code str.isspace}),
 * {@code \d} (Unicode digits), a {@code {} that is not a quantifier (a literal in Python), {@code (?P<name>)}, and
 * line terminators (only {@code \n} for {@code .}, {@code ^} and {@code $}).
 */
public final class PyRe {
    public static final int MULTILINE = Pattern.MULTILINE;
    public static final int DOTALL = Pattern.DOTALL;
    public static final int IGNORECASE = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private PyRe() {}

    public static Pattern compile(String python) { return compile(python, 0); }

    public static Pattern compile(String python, int flags) {
        return Pattern.compile(translate(python), flags | Pattern.UNIX_LINES);
    }

    static String translate(String p) {
        var sb = new StringBuilder(p.length() + 32);
        boolean inClass = false;
        int classStart = -1; // where the class's first member goes in sb
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                char e = p.charAt(++i);
                switch (e) {
                    case 's' -> sb.append(inClass ? PyText.SPACE_CLASS : "[" + PyText.SPACE_CLASS + "]");
                    case 'S' -> {
                        if (inClass) throw new IllegalArgumentException("\\S inside a class is not supported: " + p);
                        sb.append("[^").append(PyText.SPACE_CLASS).append(']');
                    }
                    case 'd' -> sb.append("\\p{Nd}");
                    case 'w' -> sb.append(inClass ? "\\p{L}\\p{N}_" : "[\\p{L}\\p{N}_]");
                    default -> sb.append('\\').append(e);
                }
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    // Python reads a ']' first in a class as a literal; Java needs it escaped.
                    if (sb.length() == classStart) { sb.append("\\]"); continue; }
                    inClass = false;
                }
                if (c == '[') { sb.append("\\["); continue; }
                if (c == '&') { sb.append("\\&"); continue; }
                sb.append(c);
                continue;
            }
            switch (c) {
                case '[' -> {
                    inClass = true;
                    sb.append(c);
                    if (i + 1 < p.length() && p.charAt(i + 1) == '^') { sb.append('^'); i++; }
                    classStart = sb.length();
                }
                case '{' -> sb.append(isQuantifier(p, i) ? "{" : "\\{");
                case '}' -> sb.append(closesQuantifier(p, i) ? "}" : "\\}");
                case '(' -> {
                    if (p.startsWith("(?P<", i)) {
                        int close = p.indexOf('>', i);
                        sb.append('(');
                        i = close;
                    } else {
                        sb.append(c);
                    }
                }
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final Pattern QUANTIFIER = Pattern.compile("\\{(\\d*)(,\\d*)?}");

    private static boolean isQuantifier(String p, int at) {
        var m = QUANTIFIER.matcher(p).region(at, p.length());
        return m.lookingAt() && !(m.group(1).isEmpty() && m.group(2) == null);
    }

    private static boolean closesQuantifier(String p, int at) {
        int open = p.lastIndexOf('{', at);
        return open >= 0 && isQuantifier(p, open) && p.indexOf('}', open) == at;
    }

    /** {@code re.match}: anchored at the start. */
    public static Matcher match(Pattern p, String s) {
        var m = p.matcher(s);
        return m.lookingAt() ? m : null;
    }

    /** {@code re.search}. */
    public static Matcher search(Pattern p, String s) {
        var m = p.matcher(s);
        return m.find() ? m : null;
    }

    /** {@code re.findall} for a pattern with exactly one group (or none: whole match). */
    public static List<String> findall(Pattern p, String s) {
        var out = new ArrayList<String>();
        var m = p.matcher(s);
        while (m.find()) out.add(m.groupCount() == 0 ? m.group() : nz(m.group(1)));
        return out;
    }

    /** {@code re.findall} for a pattern with several groups: one array per match, unmatched groups as "". */
    public static List<String[]> findallGroups(Pattern p, String s) {
        var out = new ArrayList<String[]>();
        var m = p.matcher(s);
        while (m.find()) {
            var groups = new String[m.groupCount()];
            for (int g = 0; g < groups.length; g++) groups[g] = nz(m.group(g + 1));
            out.add(groups);
        }
        return out;
    }

    private static String nz(String s) { return s == null ? "" : s; }
}
