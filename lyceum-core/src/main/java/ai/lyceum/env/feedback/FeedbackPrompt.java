package ai.lyceum.env.feedback;

import ai.lyceum.task.Message;
import java.util.List;
import java.util.Optional;

/**
 * The fenced blocks of a teacher's view ({@code <attempt n="1">…</attempt>}, {@code <verifier n="1">…</verifier>}):
 * how {@link FeedbackEnvironment} writes them and how a programmatic teacher reads them back. Tags inside the data are
 * defused ({@code <attempt} becomes {@code < attempt}), so the last block is always the episode's own.
 */
public final class FeedbackPrompt {
    static final String ATTEMPT = "attempt";
    static final String VERIFIER = "verifier";

    private FeedbackPrompt() {}

    static String fence(String tag, int n, String data) {
        String safe = data.replace("<" + ATTEMPT, "< " + ATTEMPT).replace("</" + ATTEMPT, "</ " + ATTEMPT)
                .replace("<" + VERIFIER, "< " + VERIFIER).replace("</" + VERIFIER, "</ " + VERIFIER);
        return "<" + tag + " n=\"" + n + "\">\n" + safe + (safe.endsWith("\n") ? "" : "\n") + "</" + tag + ">\n";
    }

    /** The student's last attempt in a teacher's view, as the environment fenced it. */
    public static Optional<String> lastAttempt(List<Message> teacherView) { return last(teacherView, ATTEMPT); }

    /** The verifier's report on the last attempt in a teacher's view. */
    public static Optional<String> lastReport(List<Message> teacherView) { return last(teacherView, VERIFIER); }

    private static Optional<String> last(List<Message> view, String tag) {
        String text = view.getLast().content();
        int open = text.lastIndexOf("<" + tag + " n=\"");
        if (open < 0) return Optional.empty();
        int body = text.indexOf(">\n", open);
        int close = text.indexOf("\n</" + tag + ">", body);
        if (body < 0 || close < 0) return Optional.empty();
        return Optional.of(text.substring(body + 2, close));
    }
}
