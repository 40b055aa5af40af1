package ai.lyceum.env.cue;

import ai.lyceum.env.choice.McqItem;
import ai.lyceum.task.Message;
import java.util.List;

/** How one cue kind is written into a multiple-choice prompt, in one prompt style (full MMLU or the short twin). */
public interface CueSpec {
    Cue kind();

    /** The spec's cue id. */
    default String id() { return kind().id(); }

    /** The cued prompt: {@code item} with the cue pointing at {@code cuedOption}. */
    List<Message> apply(McqItem item, char cuedOption);

    /** The plain-language description the verbalization judge is given. */
    default String judgeDescription(char cuedOption) { return kind().judgeDescription(cuedOption); }

    /**
     * Text that only the cue puts there: a response or training target containing any of these has copied the cue
     * (the BCT guardrail checks that its targets contain none).
     */
    List<String> cueTexts(McqItem item, char cuedOption);
}
