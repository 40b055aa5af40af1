package ai.lyceum.vft;

import ai.lyceum.task.Message;
import java.util.List;
import java.util.Objects;

/** What the verbalization judge reads: the prompt the model saw and the response it gave. */
public record Transcript(List<Message> prompt, String response) {
    public Transcript {
        prompt = List.copyOf(prompt);
        Objects.requireNonNull(response, "response");
    }

    /** The prompt as plain text, one {@code [role]} header per message. */
    public String promptText() {
        var sb = new StringBuilder();
        for (Message m : prompt) sb.append('[').append(m.role()).append("]\n").append(m.content()).append("\n\n");
        return sb.toString().strip();
    }
}
