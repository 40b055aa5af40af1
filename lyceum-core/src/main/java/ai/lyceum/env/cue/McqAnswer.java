package ai.lyceum.env.cue;

import java.util.Optional;
import java.util.regex.Pattern;

/** The spec's answer parser: the last match of {@code Answer:\s*\(?([A-D])\)?}; no match is unparsable. */
public final class McqAnswer {
    public static final Pattern ANSWER = Pattern.compile("Answer:\\s*\\(?([A-D])\\)?");

    private McqAnswer() {}

    /** The letter of the last {@code Answer: X} in {@code text}, or empty when there is none. */
    public static Optional<Character> parse(String text) {
        var m = ANSWER.matcher(text);
        Character last = null;
        while (m.find()) last = m.group(1).charAt(0);
        return Optional.ofNullable(last);
    }
}
