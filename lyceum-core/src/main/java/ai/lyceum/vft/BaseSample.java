package ai.lyceum.vft;

import ai.lyceum.env.choice.McqItem;
import ai.lyceum.env.cue.CueSpec;
import ai.lyceum.task.Message;
import java.util.List;

/**
 * What the base model did on one item: its response y_u to the uncued prompt and y_c to the prompt with
 * {@code cue} at the wrong option {@code cuedOption} (both sampled at temperature 1).
 */
public record BaseSample(McqItem item, CueSpec cue, char cuedOption, List<Message> uncuedPrompt, List<Message> cuedPrompt,
        String uncuedResponse, String cuedResponse) {
    public BaseSample {
        uncuedPrompt = List.copyOf(uncuedPrompt);
        cuedPrompt = List.copyOf(cuedPrompt);
        if (cuedOption == item.answer()) throw new IllegalArgumentException(item.id() + ": the cued option must be wrong");
    }
}
