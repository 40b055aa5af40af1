package ai.lyceum.env.procedural;

import ai.lyceum.reward.rubric.Category;
import ai.lyceum.reward.rubric.Check;
import ai.lyceum.reward.rubric.Criterion;
import ai.lyceum.reward.rubric.Rubric;
import ai.lyceum.reward.rubric.RubricWeighting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The constraints of one rubric-writing task, its prompt and its checklist. The prompt language is a list of
 * clauses, each opened by its own sigil, joined by {@code ,} and closed by {@code >}:
 *
 * <pre>
 *   +cat   include the word "cat"          Essential, weight 5
 *   #3     exactly 3 words                 Important, weight 4
 *   $!     end with '!' (one of ! ? .)     Important, weight 3
 *   ^s     start with the letter 's'       Optional,  weight 2
 *   -e     never use the letter 'e'        Pitfall,   weight −2 ("uses the letter 'e'")
 * </pre>
 *
 * so {@code +cat,#3,$!>} asks for three words, one of them "cat", ending with '!'. Clauses always appear in
 * that order, so one set of constraints has exactly one prompt. Every rubric also has two criteria of its own:
 * an Essential format criterion (vocabulary words, one space apart, at most a final mark) and a pitfall,
 * repeating a word. Without them RL finds answers that meet counts and bans with no regard for the prompt:
 * a vowel-free non-word ({@code gn gn gn.}) or one safe word repeated ({@code kit kit kit}). The rubric is written in the data convention
 * (RaR integer weights, the pitfall describing the bad behaviour); the environment scores it in the training
 * convention, where the pitfall counts when avoided.
 */
record WritingConstraints(Optional<String> include, OptionalInt count, Optional<Character> end,
        Optional<Character> start, Optional<Character> banned) {
    /** Three-letter words with distinct first letters, so a first-letter constraint names one word. */
    static final List<String> VOCABULARY = List.of("ant", "bat", "cat", "dog", "elk", "fox", "gnu", "hen", "ink",
            "jam", "kit", "log", "map", "net", "owl", "pig", "rat", "sun", "toy", "urn", "van", "web", "yak", "zip");
    static final String MARKS = "!?.";
    private static final String WORD = "(?:" + String.join("|", VOCABULARY) + ")";
    private static final Check REPEAT = Check.Regex.of("\\b([a-z]+)\\b.*\\b\\1\\b");
    private static final Check FORMAT = Check.Regex.of("\\A" + WORD + "(?: " + WORD + ")*[!?.]?\\z");
    static final char END_OF_PROMPT = '>';

    WritingConstraints {
        include.ifPresent(w -> {
            if (!w.matches("[a-z]+")) throw new IllegalArgumentException("included word must be lowercase letters, was '" + w + "'");
        });
        count.ifPresent(n -> {
            if (n < 1 || n > 9) throw new IllegalArgumentException("word count must be 1–9, was " + n);
        });
        end.ifPresent(m -> {
            if (MARKS.indexOf(m) < 0) throw new IllegalArgumentException("final mark must be one of " + MARKS + ", was '" + m + "'");
        });
        start.ifPresent(c -> letter("first letter", c));
        banned.ifPresent(c -> letter("banned letter", c));
        if (include.isEmpty() && count.isEmpty() && end.isEmpty() && start.isEmpty() && banned.isEmpty()) throw new IllegalArgumentException("a writing task needs at least one constraint");
    }

    int size() {
        return (include.isPresent() ? 1 : 0) + (count.isPresent() ? 1 : 0) + (end.isPresent() ? 1 : 0)
                + (start.isPresent() ? 1 : 0) + (banned.isPresent() ? 1 : 0);
    }

    /** The prompt, e.g. {@code +cat,#3,$!>}. */
    String prompt() {
        var clauses = new ArrayList<String>(5);
        include.ifPresent(w -> clauses.add("+" + w));
        count.ifPresent(n -> clauses.add("#" + n));
        end.ifPresent(m -> clauses.add("$" + m));
        start.ifPresent(c -> clauses.add("^" + c));
        banned.ifPresent(c -> clauses.add("-" + c));
        return String.join(",", clauses) + END_OF_PROMPT;
    }

    /** Reads a prompt {@link #prompt()} wrote; the error names the prompt and the clause. */
    static WritingConstraints parse(String prompt) {
        if (prompt.length() < 3 || prompt.charAt(prompt.length() - 1) != END_OF_PROMPT) {
            throw new IllegalArgumentException("a writing prompt ends with '" + END_OF_PROMPT + "', was '" + prompt + "'");
        }
        Optional<String> include = Optional.empty();
        OptionalInt count = OptionalInt.empty();
        Optional<Character> end = Optional.empty(), start = Optional.empty(), banned = Optional.empty();
        int order = -1;
        for (String clause : prompt.substring(0, prompt.length() - 1).split(",", -1)) {
            int kind = clause.isEmpty() ? -1 : "+#$^-".indexOf(clause.charAt(0));
            String value = clause.isEmpty() ? "" : clause.substring(1);
            if (kind <= order || value.isEmpty() || (kind > 0 && value.length() != 1)) {
                throw new IllegalArgumentException("bad or out-of-order clause '" + clause + "' in writing prompt '" + prompt + "'");
            }
            order = kind;
            char v = value.charAt(0);
            switch (kind) {
                case 0 -> include = Optional.of(value);
                case 1 -> {
                    if (v < '0' || v > '9') throw new IllegalArgumentException("word count must be a digit in '" + prompt + "'");
                    count = OptionalInt.of(v - '0');
                }
                case 2 -> end = Optional.of(v);
                case 3 -> start = Optional.of(v);
                default -> banned = Optional.of(v);
            }
        }
        return new WritingConstraints(include, count, end, start, banned);
    }

    /** The format criterion, the repetition pitfall and one criterion per constraint, in the data convention. */
    Rubric rubric() {
        var criteria = new ArrayList<Criterion>(7);
        criteria.add(criterion("Vocabulary words", Category.ESSENTIAL, 5,
                "Writes only vocabulary words, one space apart, with at most a final mark.", FORMAT));
        criteria.add(criterion("Repeated word", Category.PITFALL, -1, "Repeats a word.", REPEAT));
        include.ifPresent(w -> criteria.add(criterion("Includes word", Category.ESSENTIAL, 5,
                "Includes the word '" + w + "'.", Check.Regex.of("\\b" + w + "\\b"))));
        count.ifPresent(n -> criteria.add(criterion("Word count", Category.IMPORTANT, 4,
                "Has exactly " + n + " words.", new Check.Length(n, n, Check.Length.Unit.WORDS))));
        end.ifPresent(m -> criteria.add(criterion("Final mark", Category.IMPORTANT, 3,
                "Ends with '" + m + "'.", Check.Regex.of("\\" + m + "\\z"))));
        start.ifPresent(c -> criteria.add(criterion("First letter", Category.OPTIONAL, 2,
                "Starts with the letter '" + c + "'.", Check.Regex.of("\\A" + c))));
        banned.ifPresent(c -> criteria.add(criterion("Banned letter", Category.PITFALL, -2,
                "Uses the letter '" + c + "'.", Check.Regex.of(String.valueOf(c)))));
        return new Rubric(criteria, RubricWeighting.DATA_INTEGER);
    }

    private static Criterion criterion(String title, Category category, double weight, String text, Check check) {
        return new Criterion(title, category.prefix() + text, weight, category, Optional.empty(), check, false);
    }

    private static void letter(String what, char c) {
        if (c < 'a' || c > 'z') throw new IllegalArgumentException(what + " must be a–z, was '" + c + "'");
    }
}
