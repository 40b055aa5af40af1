package ai.lyceum.reward.math;

import java.util.ArrayList;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the final answer in a model response. In priority order: the last {@code \boxed{}}/{@code \fbox{}} (boxes
 * written side by side, or joined by a few words ending in "and"/"or", are one list), a whole answer that is one
 * number with currency or a unit around it, a GSM8K {@code #### n} line, a "final answer is …" sentence, then the
 * last LaTeX span ({@code $…$}, {@code $$…$$}, {@code \[…\]}, {@code \(…\)}; spans joined by "and"/"or" are
 * one list) or, if enabled, the last plain number, whichever comes later. An unclosed box is malformed, not missing.
 */
public final class AnswerExtractor {
    /** What extraction found. */
    public sealed interface Extraction {
        record Found(String answer, String how) implements Extraction {}

        record Missing(String why) implements Extraction {}

        record Malformed(String why) implements Extraction {}
    }

    /** Only the tail of very long responses is searched: answers come last, and scanning is then bounded. */
    static final int MAX_SCAN = 64_000;

    // Compiled once: String.matches and String.split with a regex compile it on every call, on the reward's hot path.
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[^\\d])\\.(?:\\s|$)|\\.\\s|\\n");
    private static final Pattern COMMA_THOUSANDS = Pattern.compile("\\d{1,3}(,\\d{3})+(\\.\\d+)?");
    private static final Pattern SPACE_THOUSANDS = Pattern.compile("\\d{1,3}( \\d{3})+");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("0,\\d+|\\d+,\\d{2}|\\d+,\\d{4,}|\\d{4,},\\d+");
    private static final Pattern FINAL = Pattern.compile(
        "(?i)(?:final answer|the answer|answer)\\s*(?:is|:|=)\\s*(?:the final answer is\\s*)?:?\\s*");
    private static final Pattern NUMBER = Pattern.compile(
        "(?<![\\p{L}\\d.])([-+]?)((?:\\d{1,3}(?:,\\d{3})+|\\d{1,3}(?: \\d{3})+(?!\\d)|\\d+)(?:[.,]\\d+)?|\\.\\d+)"
            + "(?:(?<=(?<![.,]\\d{0,40})\\d) (\\d+)/(\\d+)|/(\\d+))?( ?(?:%|percent|pct))?");
    private static final Pattern CHOICE = Pattern.compile(
        "(?i)(?:answer|option|choice)\\s*(?:is|:)?\\s*(?:\\\\text\\{)?\\(?([A-E])\\)?(?![A-Za-z])|\\(([A-E])\\)");

    private static final Pattern ADJACENT_NUMBERS = Pattern.compile("\\d\\s+[-+]?\\d");
    private static final Pattern NOT_WORDS = Pattern.compile(
        "\\\\(?:text|textbf|mbox|mathrm)\\{[^}]*\\}|\\\\(?:begin|end)\\{\\w+\\}|\\\\[A-Za-z]+|(?i)percentage|percent|pct");
    private static final Pattern WORD = Pattern.compile("[A-Za-z]{3,}");
    private static final Pattern SPACED_WORD = Pattern.compile("(?:^|\\s)[A-Za-z]{2,}(?:\\s|$)");
    private static final Pattern COMMAND = Pattern.compile("\\\\[A-Za-z]+");
    /** Between two answers: delimiters, {@code \text{…}} wrappers and a variable being assigned ("$ or $x="). */
    private static final Pattern GAP_NOISE = Pattern.compile(
        "\\\\[\\[\\]()]|\\$|\\\\quad|\\\\text\\{([^{}]*)\\}|(?<![A-Za-z\\\\])[A-Za-z](?:_\\{?\\w+\\}?)?\\s*=|[;.]");
    private static final Pattern GAP_TOKENS = Pattern.compile("\\s+");
    private static final Pattern LINK_WORD = Pattern.compile("(?i)and|or|,|&");
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z]+");
    /** A tuple or interval opening a sentence, before its words. */
    private static final Pattern LEADING_BRACKETS = Pattern.compile("[(\\[][^A-Za-z()\\[\\]]*[)\\]]");
    private static final Pattern CURRENCY_BEFORE = Pattern.compile("^(?:\\\\?\\$|€|£|¥)\\s*");
    private static final Pattern UNIT_AFTER = Pattern.compile("\\s*(?:\\\\?\\$|€|£|¥|(?:m|cm|mm|km|g|kg|mg|s|ms|h|min|ft|in|yd|mi|lb|oz|L|mL|ml)"
        + "(?:\\^\\{?[23]\\}?|[²³])?)\\.?$");
    private static final Pattern CURRENCY_AFTER = Pattern.compile("\\s*(?:\\\\?\\$|€|£|¥)\\.?$");

    private final boolean lastNumberFallback;

    public AnswerExtractor(boolean lastNumberFallback) {
        this.lastNumberFallback = lastNumberFallback;
    }

    /** Extracts with a generous private deadline (the text scan is linear). */
    public Extraction extract(String text) {
        return extract(text, new Budget(1_000_000_000L));
    }

    Extraction extract(String text, Budget budget) {
        var t = tail(text);
        var boxed = lastBoxed(t, budget);
        if (boxed.isPresent()) return boxed.get();
        var decorated = decoratedNumber(t.strip());
        if (decorated.isPresent()) return new Extraction.Found(decorated.get(), "whole"); // "$1,000.99", "2,74 $"
        int hashes = t.lastIndexOf("####");
        if (hashes >= 0) {
            var line = t.substring(hashes + 4).strip().split("\n", 2)[0].strip();
            if (!line.isEmpty()) return new Extraction.Found(line, "####");
        }
        var fin = finalAnswer(t, budget);
        if (fin.isPresent()) return new Extraction.Found(fin.get(), "final answer");
        var span = lastSpan(t, 0, budget);
        if (span.isEmpty() && looksBare(t)) return new Extraction.Found(bare(t.strip(), true), "whole");
        Optional<Number> number = lastNumberFallback ? lastNumber(t, span.map(Span::end).orElse(0), budget) : Optional.empty();
        if (number.isPresent()) return new Extraction.Found(number.get().text, "last number");
        if (span.isPresent()) return new Extraction.Found(spanRun(t, span.get(), budget), "latex");
        var whole = t.strip();
        if (!whole.isEmpty() && whole.length() <= 300 && !whole.contains("\n")) return new Extraction.Found(whole, "whole");
        return new Extraction.Missing("no boxed answer, marker, LaTeX span" + (lastNumberFallback ? " or number" : ""));
    }

    /** For gold references: a marker when there is one, otherwise the whole text as the answer. */
    Extraction extractReference(String text, Budget budget) {
        var t = tail(text);
        var boxed = lastBoxed(t, budget);
        if (boxed.isPresent()) return boxed.get();
        int hashes = t.lastIndexOf("####");
        if (hashes >= 0) return new Extraction.Found(t.substring(hashes + 4).strip().split("\n", 2)[0].strip(), "####");
        var stripped = t.strip();
        if (stripped.isEmpty()) return new Extraction.Missing("empty reference");
        var span = lastSpan(stripped, 0, budget);
        if (span.isPresent() && !(span.get().start == 0 && span.get().end == stripped.length())
            && stripped.length() > 300) {
            var fin = finalAnswer(stripped, budget);
            if (fin.isPresent()) return new Extraction.Found(fin.get(), "final answer");
            return new Extraction.Found(span.get().content, "latex");
        }
        if (span.isPresent() && span.get().start == 0 && stripped.length() > span.get().end) {
            return new Extraction.Found(span.get().content, "latex"); // "$125$ miles"
        }
        return new Extraction.Found(bare(stripped, false), "whole");
    }

    /** A short one-line answer with no words in it ("11 + 4/9", "\\frac{1}{2}", "28 percent"). */
    private static boolean looksBare(String t) {
        var s = t.strip();
        if (s.isEmpty() || s.length() > 300 || s.contains("\n") || s.replace("\\$", "").contains("$")) return false;
        if (!NUMBER.matcher(s).matches() && ADJACENT_NUMBERS.matcher(s).find()) return false;
        var words = NOT_WORDS.matcher(s).replaceAll("");
        return !WORD.matcher(words).find() && !SPACED_WORD.matcher(words).find();
    }

    /**
     * A plain number written as a whole answer keeps its plain-text reading: "1,22", "4 4/9", "1 000". A gold
     * "2k" is an expression, not 2 kilo-something, so units are only dropped from predictions.
     */
    private static String bare(String s, boolean units) {
        var m = NUMBER.matcher(s);
        if (m.matches()) return canonicalNumber(m);
        if (!maybeDecorated(s)) return s; // the common case ("\\frac{1}{2}") skips two regex passes
        // Currency (and in a prediction a unit) around the number: "$1,000.99", "1,000.99€", "1,000.99m²".
        var undecorated = (units ? UNIT_AFTER : CURRENCY_AFTER).matcher(CURRENCY_BEFORE.matcher(s).replaceFirst("")).replaceFirst("");
        var u = NUMBER.matcher(undecorated);
        return !undecorated.equals(s) && u.matches() ? canonicalNumber(u) : s;
    }

    /** The whole text is one number with currency or a unit around it. */
    private static Optional<String> decoratedNumber(String s) {
        if (!maybeDecorated(s)) return Optional.empty();
        var n = bare(s, true);
        return n.equals(s) ? Optional.empty() : Optional.of(n);
    }

    private static boolean maybeDecorated(String s) {
        if (s.isEmpty() || s.length() > 40) return false;
        int spaces = 0;
        boolean digit = false;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == ' ') spaces++;
            else if (c >= '0' && c <= '9') digit = true;
        }
        if (!digit || spaces > 3) return false; // a sentence, not a number with its unit
        char first = s.charAt(0);
        char last = s.charAt(s.length() - 1);
        return "$€£¥".indexOf(first) >= 0 || s.startsWith("\\$") || "$€£¥²³.".indexOf(last) >= 0 || Character.isLetter(last)
            || s.endsWith("^{2}") || s.endsWith("^{3}") || s.endsWith("^2") || s.endsWith("^3");
    }

    /** A multiple-choice letter: boxed, "answer: C", "answer is (B)", or the last standalone "(B)". */
    Optional<String> choice(String text, Budget budget) {
        var t = tail(text);
        var boxed = lastBoxed(t, budget);
        if (boxed.isPresent() && boxed.get() instanceof Extraction.Found f) {
            var m = MathVerifier.LETTER.matcher(f.answer());
            if (m.find()) return Optional.of(m.group(1));
        }
        Matcher m = CHOICE.matcher(t);
        String last = null;
        while (m.find()) {
            budget.tick();
            last = m.group(1) != null ? m.group(1) : m.group(2);
        }
        return Optional.ofNullable(last);
    }

    private static String tail(String text) {
        return text.length() <= MAX_SCAN ? text : text.substring(text.length() - MAX_SCAN);
    }

    private Optional<Extraction> lastBoxed(String t, Budget budget) {
        int at = Math.max(t.lastIndexOf("\\boxed"), t.lastIndexOf("\\fbox"));
        if (at < 0) return Optional.empty();
        var parts = new ArrayList<String>();
        int end = t.length();
        while (at >= 0 && parts.size() < 10) {
            budget.tick();
            var box = readBox(t, at, budget);
            if (box.isEmpty()) {
                if (parts.isEmpty()) return Optional.of(new Extraction.Malformed("unclosed \\boxed{"));
                break;
            }
            // An earlier box that encloses this one, or is followed by prose, ends the side-by-side run.
            if (!parts.isEmpty() && (box.get().end > end || !joinsAnswers(t.substring(box.get().end, end), true))) break;
            parts.addFirst(box.get().content.strip());
            end = at;
            at = Math.max(t.lastIndexOf("\\boxed", at - 1), t.lastIndexOf("\\fbox", at - 1));
        }
        var answer = String.join(",", parts);
        if (answer.isBlank()) return Optional.of(new Extraction.Missing("empty \\boxed{}"));
        return Optional.of(new Extraction.Found(answer, "boxed"));
    }

    /**
     * Whether the text between two answers joins them into one: nothing but separators, or (for boxes, when
     * {@code words} is set) at most three words ending in "and"/"or"/"," ("\boxed{1} papers and \boxed{2} bins"),
     * but not prose that revises an answer ("\boxed{3}, then on reflection \boxed{7}").
     */
    static boolean joinsAnswers(String between, boolean words) {
        if (between.length() > 80) return false;
        var s = GAP_NOISE.matcher(between).replaceAll(" $1 ").replace(",", " , ").strip();
        if (s.isEmpty()) return true;
        var tokens = GAP_TOKENS.split(s);
        if (!LINK_WORD.matcher(tokens[tokens.length - 1]).matches()) return false;
        if (tokens.length == 1) return true;
        if (!words || tokens.length > 4) return false;
        for (var tok : tokens) if (!PLAIN_WORD.matcher(tok).matches() && !tok.equals(",")) return false;
        return true;
    }

    private record Span(int start, int end, String content) {}

    private static Optional<Span> readBox(String t, int at, Budget budget) {
        int i = t.indexOf(t.startsWith("\\boxed", at) ? "\\boxed" : "\\fbox", at);
        i += t.startsWith("\\boxed", at) ? 6 : 5;
        while (i < t.length() && t.charAt(i) == ' ') i++;
        if (i < t.length() && t.charAt(i) == '{') {
            int close = LatexLexer.matchBrace(t, i, budget);
            return close < 0 ? Optional.empty() : Optional.of(new Span(at, close + 1, t.substring(i + 1, close)));
        }
        int j = i;
        while (j < t.length() && !Character.isWhitespace(t.charAt(j)) && t.charAt(j) != '$') j++;
        return j == i ? Optional.empty() : Optional.of(new Span(at, j, t.substring(i, j)));
    }

    private Optional<String> finalAnswer(String t, Budget budget) {
        Matcher m = FINAL.matcher(t);
        int from = -1;
        while (m.find()) { budget.tick(); from = m.end(); }
        if (from < 0) return Optional.empty();
        var rest = t.substring(from, Math.min(t.length(), from + 400));
        var span = lastSpan(rest, 0, budget);
        if (span.isPresent() && rest.substring(0, span.get().start).isBlank()) return Optional.of(span.get().content);
        var sentence = SENTENCE_END.split(rest, 2)[0].strip();
        if (sentence.endsWith(".")) sentence = sentence.substring(0, sentence.length() - 1);
        int is = sentence.lastIndexOf(" is ");
        if (is >= 0) sentence = sentence.substring(is + 4).strip();
        var inner = lastSpan(sentence, 0, budget);
        if (inner.isPresent()) return Optional.of(inner.get().content);
        if (sentence.isEmpty()) return Optional.empty();
        var whole = NUMBER.matcher(sentence);
        if (whole.matches()) return Optional.of(canonicalNumber(whole));
        if (WORD.matcher(COMMAND.matcher(sentence).replaceAll("")).find()) {
            var bracketed = LEADING_BRACKETS.matcher(sentence);
            if (bracketed.lookingAt()) return Optional.of(bracketed.group()); // "(0, 1] as an interval"
            var n = lastNumberIn(sentence, true, budget);
            return n.map(x -> x.text);
        }
        return Optional.of(sentence);
    }

    /** The last span, joined with the spans just before it when only "and" or "or" separates them. */
    private static String spanRun(String t, Span last, Budget budget) {
        var parts = new ArrayList<String>();
        parts.add(last.content.strip());
        var cur = last;
        while (parts.size() < 10) {
            var before = t.substring(Math.max(0, cur.start - 8), cur.start).strip();
            // Only "and"/"or": a comma between spans more often separates a condition from a result ("$k=3$, $f(k)=10$").
            if (!(before.endsWith("and") || before.endsWith("or"))) break;
            var prev = lastSpan(t.substring(0, cur.start), 0, budget);
            if (prev.isEmpty() || !joinsAnswers(t.substring(prev.get().end, cur.start), false)) break;
            cur = prev.get();
            parts.addFirst(cur.content.strip());
        }
        return String.join(",", parts);
    }

    /** The last math span starting at or after {@code from}; inline spans may not cross a line. */
    private static Optional<Span> lastSpan(String t, int from, Budget budget) {
        Span last = null;
        int i = from;
        while (i < t.length()) {
            budget.tick();
            char c = t.charAt(i);
            if (c == '\\' && i + 1 < t.length() && (t.charAt(i + 1) == '[' || t.charAt(i + 1) == '(')) {
                var close = t.charAt(i + 1) == '[' ? "\\]" : "\\)";
                int j = t.indexOf(close, i + 2);
                if (j < 0 || close.equals("\\)") && t.substring(i + 2, j).contains("\n")) { i += 2; continue; }
                last = new Span(i, j + 2, t.substring(i + 2, j));
                i = j + 2;
            } else if (c == '\\') {
                i += 2;
            } else if (c == '$') {
                boolean display = i + 1 < t.length() && t.charAt(i + 1) == '$';
                int j = display ? t.indexOf("$$", i + 2) : nextDollar(t, i + 1);
                if (j < 0 || !display && t.substring(i + 1, j).contains("\n")) { i += display ? 2 : 1; continue; }
                last = new Span(i, j + (display ? 2 : 1), t.substring(i + (display ? 2 : 1), j));
                i = j + (display ? 2 : 1);
            } else {
                i++;
            }
        }
        return Optional.ofNullable(last).filter(s -> !s.content.isBlank());
    }

    private static int nextDollar(String t, int from) {
        for (int k = from; k < t.length(); k++) {
            if (t.charAt(k) == '\\') { k++; continue; }
            if (t.charAt(k) == '$') return k;
        }
        return -1;
    }

    private record Number(int end, String text) {}

    private Optional<Number> lastNumber(String t, int notBefore, Budget budget) {
        return lastNumberIn(t, false, budget).filter(n -> n.end > notBefore);
    }

    /** Plain-text numbers: thousands separators, decimal commas ("1,22"), fractions, mixed numbers, percents. */
    private static Optional<Number> lastNumberIn(String t, boolean first, Budget budget) {
        Matcher m = NUMBER.matcher(t);
        Number found = null;
        while (m.find()) {
            budget.tick();
            found = new Number(m.end(), canonicalNumber(m));
            if (first) break;
        }
        return Optional.ofNullable(found);
    }

    private static String canonicalNumber(Matcher m) {
        var sign = m.group(1);
        var digits = m.group(2);
        if (COMMA_THOUSANDS.matcher(digits).matches() && !digits.startsWith("0,")) digits = digits.replace(",", "");
        else if (SPACE_THOUSANDS.matcher(digits).matches()) digits = digits.replace(" ", "");
        else if (DECIMAL_COMMA.matcher(digits).matches()) digits = digits.replace(",", ".");
        // otherwise "2,1" stays a list of two numbers, as MATH writes the roots of an equation
        String value;
        if (m.group(3) != null) value = sign + "(" + digits + "+" + m.group(3) + "/" + m.group(4) + ")";
        else if (m.group(5) != null) value = sign + digits + "/" + m.group(5);
        else value = sign + digits;
        if (m.group(6) != null) value = (m.group(3) != null || m.group(5) != null ? "(" + value + ")" : value) + "%";
        return value;
    }
}
