package ai.lyceum.env.choice;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A multiple-choice question: options lettered A, B, C… in order, and the correct letter.
 *
 * @param id identifies the item across its cued and uncued prompts
 */
public record McqItem(String id, String question, List<String> options, char answer) {
    public McqItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(question, "question");
        options = List.copyOf(options);
        if (options.size() < 2 || options.size() > MmluStemEnvironment.LETTERS.length()) {
            throw new IllegalArgumentException(id + ": need 2 to 10 options, got " + options.size());
        }
        if (letterIndex(answer) < 0 || letterIndex(answer) >= options.size()) {
            throw new IllegalArgumentException(id + ": answer '" + answer + "' is not one of the " + options.size() + " options");
        }
    }

    /** The option letter at {@code index}: 0 → A. */
    public static char letter(int index) { return MmluStemEnvironment.LETTERS.charAt(index); }

    /** The index of {@code letter}: A → 0; -1 when it is no letter. */
    public static int letterIndex(char letter) { return MmluStemEnvironment.LETTERS.indexOf(letter); }

    /** The letters of the wrong options, in order. */
    public List<Character> wrongOptions() {
        var out = new ArrayList<Character>();
        for (int i = 0; i < options.size(); i++) if (letter(i) != answer) out.add(letter(i));
        return out;
    }
}
