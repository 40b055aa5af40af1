package ai.lyceum.env.procedural;

import ai.lyceum.task.Message;
import java.util.List;

/** One supervised example: the prompt and the completion the model should write after it (EOS is added). */
public record SftExample(List<Message> prompt, String completion, boolean guided) {
    public SftExample {
        prompt = List.copyOf(prompt);
    }
}
