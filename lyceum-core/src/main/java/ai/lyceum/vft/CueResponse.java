package ai.lyceum.vft;

import ai.lyceum.env.cue.CueTag;
import ai.lyceum.env.cue.McqAnswer;
import ai.lyceum.task.Message;
import java.util.List;
import java.util.Optional;

/**
 * One scored response of a cue environment, as the metrics read it.
 *
 * @param sample      the rollout's sample index (a cued response pairs with the uncued sample of the same index)
 * @param verbalized  the judge's verdict, for cued responses once judged
 */
public record CueResponse(CueTag tag, int sample, List<Message> prompt, String text, Optional<Verbalization> verbalized) {
    public CueResponse {
        prompt = List.copyOf(prompt);
    }

    public Optional<Character> answer() { return McqAnswer.parse(text); }

    public CueResponse withVerdict(Verbalization v) { return new CueResponse(tag, sample, prompt, text, Optional.of(v)); }
}
