package ai.lyceum.env.selfplay;

import java.util.List;
import java.util.regex.Pattern;

/**
 * SPIRAL's {@code extract_action} for the {@code qwen3} template: the content of the last {@code \boxed{...}} (else
 * the whole text), {@code \boxed{X}} rewritten as {@code [X]}, a bracket-less answer of five words or fewer wrapped
 * in brackets, whitespace collapsed; the result must equal one of the game's actions exactly (case-sensitive) or it
 * becomes {@link #INVALID}.
 */
public final class ActionExtraction {
    /** The sentinel an unmatched answer becomes; the bars are full-width (U+FF5C), as in the reference. */
    public static final String INVALID = "[\uFF5CINVALID_ACTION\uFF5C]";

    private static final Pattern LAST_BOXED = Pattern.compile("\\\\boxed\\{(.*?)}", Pattern.DOTALL);
    private static final Pattern BOXED = Pattern.compile("\\\\boxed\\{([^}]*)}");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private ActionExtraction() {}

    /**
     * The action {@code text} names, or {@link #INVALID}. An empty text gives the empty string, as the reference
     * does: the environment itself then rejects it as a move without a bracketed action.
     */
    public static String extract(String text, List<String> actions) {
        if (text.isEmpty()) return "";
        String raw = null;
        var m = LAST_BOXED.matcher(text);
        while (m.find()) raw = m.group(1).strip();
        if (raw == null) raw = text.strip();
        String formatted = BOXED.matcher(raw).replaceAll(r -> "[" + java.util.regex.Matcher.quoteReplacement(r.group(1)) + "]");
        if (!formatted.contains("[") && !formatted.contains("]")) {
            String trimmed = formatted.strip();
            int words = trimmed.isEmpty() ? 0 : SPACES.split(trimmed).length;
            if (words <= 5) formatted = "[" + formatted + "]";
        }
        formatted = SPACES.matcher(formatted).replaceAll(" ").strip();
        return actions.contains(formatted) ? formatted : INVALID;
    }
}
