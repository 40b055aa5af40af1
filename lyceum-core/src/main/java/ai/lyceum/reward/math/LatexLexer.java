package ai.lyceum.reward.math;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Normalises an extracted answer (LaTeX noise, frac variants, degrees, units, "and"/"or" lists) and splits it into
 * tokens. Text is data: nothing here is ever evaluated as code.
 */
final class LatexLexer {
    enum Kind { NUM, LETTER, CMD, OP, TEXT, END }

    record Tok(Kind kind, String text) {}

    /** Longest answer (after extraction) that is parsed; longer answers are refused as too complex. */
    static final int MAX_ANSWER_CHARS = 3_000;

    private static final Set<String> UNWRAP = Set.of("mathrm", "mathbf", "mathit", "boldsymbol", "mathsf", "bm",
        "operatorname", "mathbb", "mathcal", "displaystyle", "overline", "vec", "hat");
    private static final Set<String> TEXTS = Set.of("text", "textbf", "mbox", "textnormal", "textrm", "texttt",
        "textit", "textsf", "hbox");
    private static final String[][] REPLACE = {
        {"\\dfrac", "\\frac"}, {"\\tfrac", "\\frac"}, {"\\cfrac", "\\frac"}, {"\\left", ""}, {"\\right", ""},
        {"\\bigl", ""}, {"\\bigr", ""}, {"\\Bigl", ""}, {"\\Bigr", ""}, {"\\biggl", ""}, {"\\biggr", ""},
        {"\\big", ""}, {"\\Big", ""}, {"\\!", ""}, {"\\,", ""}, {"\\;", " "}, {"\\:", " "}, {"\\ ", " "},
        {"\\qquad", " "}, {"\\quad", " "}, {"~", " "}, {"\\limits", ""}, {"{.}", "."}, {"\\%", "%"}, {"\\$", ""}, {"$", ""}, {"€", ""}, {"£", ""}, {"¥", ""},
        {"²", "^2"}, {"³", "^3"}, {"\\euro", ""}, {"\\pounds", ""},
        {"^{\\circ}", ""}, {"^\\circ", ""}, {"\\circ", ""}, {"\\degree", ""}, {"°", ""}, {"\\leqslant", "<="},
        {"\\geqslant", ">="}, {"\\leq", "<="}, {"\\geq", ">="}, {"\\le", "<="}, {"\\ge", ">="}, {"\\lt", "<"},
        {"\\gt", ">"}, {"\\neq", "!="}, {"\\ne", "!="}, {"≤", "<="}, {"≥", ">="}, {"≠", "!="}, {"\\approx", "≈"},
        {"\\ldots", "\\dots"}, {"\\cdots", "\\dots"}, {"\\cdot", "*"}, {"\\times", "*"}, {"\\ast", "*"}, {"×", "*"}, {"·", "*"}, {"\\div", "/"}, {"−", "-"},
        {"...", "\\dots"}, {"…", "\\dots"}, {"\\varnothing", "\\emptyset"},
        {"√", "\\sqrt"}, {"π", "\\pi"}, {"∞", "\\infty"}, {"\\tiny", ""}, {"\\small", ""}, {"\\large", ""},
        {"\\rvert", "|"}, {"\\lvert", "|"}, {"\\vert", "|"}, {"\\mid", "|"}, {"\\textdollar", ""}, {"\\dollar", ""},
    };
    private static final Pattern WORD_PERCENT = Pattern.compile("\\s*(percentage|percent|pct)\\b");
    private static final Pattern AND_OR = Pattern.compile("(?:\\\\text\\{\\s*(?:and|or)\\s*\\}|\\b(?:and|or)\\b)");
    private static final Pattern DEG_WORD = Pattern.compile("(?<=\\d)\\s*\\\\?(degrees?|deg)\\b");
    private static final Pattern THOUSANDS_THIN = Pattern.compile("(?<=\\d),\\\\!\\s*(?=\\d{3})");
    private static final Pattern TRAILING = Pattern.compile("[\\s.,;:]+$");
    /** "14{,}916" groups thousands; "0{,}5" is a decimal comma (European LaTeX). */
    private static final Pattern BRACED_THOUSANDS = Pattern.compile("(\\d)\\{,\\}(\\d{3})(?!\\d)");
    /** Spacing macros with an argument or a unit, and the named spaces, all read as one space. */
    private static final Pattern SPACING = Pattern.compile("\\\\(?:hspace|hskip|kern|mkern|mskip|mspace)\\*?\\s*"
        + "(?:\\{[^{}]*\\}|-?[\\d.]+\\s*(?:mu|em|ex|pt|cm|mm|in)?)"
        + "|\\\\(?:thinspace|enspace|enskip|medspace|thickspace|negthinspace|negmedspace|negthickspace|hfill|quad|qquad)(?![A-Za-z])"
        + "|\\\\[>]");

    private LatexLexer() {}

    static String normalize(String raw, Budget budget) {
        if (raw.length() > MAX_ANSWER_CHARS) throw new Budget.TooComplex("answer longer than " + MAX_ANSWER_CHARS);
        var s = stripDelimiters(raw.strip());
        s = THOUSANDS_THIN.matcher(s).replaceAll(",");
        s = s.replace("\\\\", "\u0001"); // a row break must not be read as the start of "\ " or "\,"
        if (s.contains("space") || s.contains("kern") || s.contains("skip") || s.contains("quad") || s.contains("\\>")
            || s.contains("hfill")) {
            s = SPACING.matcher(s).replaceAll(" "); // only then: a regex pass on every answer costs throughput
        }
        if (s.contains("{,}")) {
            for (String prev = null; !s.equals(prev); ) { prev = s; s = BRACED_THOUSANDS.matcher(s).replaceAll("$1$2"); }
            s = s.replace("{,}", ".");
        }
        boolean commands = s.indexOf('\\') >= 0; // most entries are commands: skip them all for plain answers
        for (var r : REPLACE) {
            budget.tick();
            if (!commands && r[0].charAt(0) == '\\') continue;
            if (s.contains(r[0])) {
                s = s.replace(r[0], r[1]);
                commands = s.indexOf('\\') >= 0;
            }
        }
        s = s.replace("\u0001", "\\\\");
        s = WORD_PERCENT.matcher(s).replaceAll("%");
        s = DEG_WORD.matcher(s).replaceAll("");
        s = AND_OR.matcher(s).replaceAll(",");
        s = s.replace("\\text{.}", "");
        s = TRAILING.matcher(s).replaceAll("");
        return stripDelimiters(s.strip());
    }

    private static String stripDelimiters(String s) {
        for (int round = 0; round < 3; round++) {
            if (s.length() >= 4 && s.startsWith("$$") && s.endsWith("$$")) s = s.substring(2, s.length() - 2).strip();
            else if (s.length() >= 2 && s.startsWith("$") && s.endsWith("$")) s = s.substring(1, s.length() - 1).strip();
            else if (s.length() >= 4 && (s.startsWith("\\[") && s.endsWith("\\]") || s.startsWith("\\(") && s.endsWith("\\)")))
                s = s.substring(2, s.length() - 2).strip();
            else break;
        }
        return s;
    }

    static List<Tok> tokenize(String s, Budget budget) {
        var out = new ArrayList<Tok>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            budget.tick();
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) { i++; continue; }
            if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
                i = number(s, i, out);
            } else if (Character.isLetter(c)) {
                out.add(new Tok(Kind.LETTER, String.valueOf(c)));
                i++;
            } else if (c == '\\') {
                i = command(s, i, out, budget);
            } else if (i + 1 < n && isTwoCharOp(s.substring(i, i + 2))) {
                out.add(new Tok(Kind.OP, s.substring(i, i + 2)));
                i += 2;
            } else {
                out.add(new Tok(Kind.OP, String.valueOf(c)));
                i++;
            }
        }
        out.add(new Tok(Kind.END, ""));
        return out;
    }

    private static boolean isTwoCharOp(String two) {
        return two.equals("<=") || two.equals(">=") || two.equals("!=") || two.equals("==") || two.equals("=<")
            || two.equals("=>") || two.equals("**");
    }

    /** Digits with an optional point, comma thousands groups ("7,425,000") and an e-exponent ("1e-3"). */
    private static int number(String s, int i, List<Tok> out) {
        int n = s.length();
        var sb = new StringBuilder();
        int start = i;
        while (i < n && Character.isDigit(s.charAt(i))) sb.append(s.charAt(i++));
        if (sb.length() >= 1 && sb.length() <= 3) {
            int j = i;
            var groups = new StringBuilder();
            while (j + 3 < n + 0 && s.charAt(j) == ',' && j + 4 <= n && allDigits(s, j + 1, j + 4)
                && (j + 4 == n || !Character.isDigit(s.charAt(j + 4)))) {
                groups.append(s, j + 1, j + 4);
                j += 4;
            }
            if (!groups.isEmpty() && !(sb.length() == 1 && sb.charAt(0) == '0')) { sb.append(groups); i = j; }
        }
        if (i < n && s.charAt(i) == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
            sb.append('.');
            i++;
            while (i < n && Character.isDigit(s.charAt(i))) sb.append(s.charAt(i++));
        } else if (i < n && s.charAt(i) == '.' && start == i) {
            sb.append('0');
        }
        if (i + 1 < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (s.charAt(j) == '-' || s.charAt(j) == '+')) j++;
            int k = j;
            while (k < n && Character.isDigit(s.charAt(k))) k++;
            if (k > j && (k == n || !Character.isLetter(s.charAt(k)))) { sb.append(s, i, k); i = k; }
        }
        out.add(new Tok(Kind.NUM, sb.toString()));
        return i;
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int k = from; k < to; k++) if (!Character.isDigit(s.charAt(k))) return false;
        return true;
    }

    private static int command(String s, int i, List<Tok> out, Budget budget) {
        int n = s.length();
        int j = i + 1;
        if (j >= n) { return j; }
        if (!Character.isLetter(s.charAt(j))) {
            char c = s.charAt(j);
            out.add(c == '\\' ? new Tok(Kind.OP, "\\\\") : c == '{' || c == '}' ? new Tok(Kind.CMD, String.valueOf(c))
                : c == '|' ? new Tok(Kind.OP, "|") : new Tok(Kind.OP, String.valueOf(c)));
            return j + 1;
        }
        while (j < n && Character.isLetter(s.charAt(j))) j++;
        var name = s.substring(i + 1, j);
        if (UNWRAP.contains(name) || TEXTS.contains(name)) {
            int k = j;
            while (k < n && s.charAt(k) == ' ') k++;
            if (k < n && s.charAt(k) == '{') {
                int close = matchBrace(s, k, budget);
                if (close < 0) throw new Budget.TooComplex("unbalanced braces after \\" + name);
                var inner = s.substring(k + 1, close);
                if (TEXTS.contains(name)) {
                    out.add(new Tok(Kind.TEXT, inner.replace("\\ ", " ").strip()));
                } else {
                    var sub = tokenize(inner, budget);
                    out.addAll(sub.subList(0, sub.size() - 1));
                }
                return close + 1;
            }
            return j;
        }
        out.add(new Tok(Kind.CMD, name));
        return j;
    }

    /** Index of the brace closing the one at {@code open}, or -1. */
    static int matchBrace(String s, int open, Budget budget) {
        int depth = 0;
        for (int k = open; k < s.length(); k++) {
            budget.tick();
            char c = s.charAt(k);
            if (c == '\\') { k++; continue; }
            if (c == '{') depth++;
            else if (c == '}' && --depth == 0) return k;
        }
        return -1;
    }
}
