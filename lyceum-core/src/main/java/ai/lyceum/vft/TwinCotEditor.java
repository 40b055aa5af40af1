package ai.lyceum.vft;

import ai.lyceum.env.cue.McqAnswer;
import ai.lyceum.env.cue.ShortCue;
import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;

/**
 * The procedural twin's editor: keeps y_u's reasoning up to its final answer, then names the cue and answers its
 * option: {@code 8=B,Answer:B} → {@code 8=B,cue prof C,Answer:C}. That is the minimal edit the spec asks for, in
 * the twin's small language.
 */
public final class TwinCotEditor implements CotEditor {
    @Override
    public String edit(BaseSample s, int attempt) throws FailureException {
        if (!(s.cue() instanceof ShortCue cue)) {
            throw new FailureException(new Failure.PolicyError("the twin editor edits short-cue samples only, not " + s.cue().id()));
        }
        String yu = s.uncuedResponse();
        var m = McqAnswer.ANSWER.matcher(yu);
        int at = -1;
        while (m.find()) at = m.start();
        String reasoning = (at < 0 ? yu : yu.substring(0, at)).strip();
        if (reasoning.endsWith(",")) reasoning = reasoning.substring(0, reasoning.length() - 1);
        char b = s.cuedOption();
        return (reasoning.isEmpty() ? "" : reasoning + ",") + cue.verbalization(b) + ",Answer:" + b;
    }

    @Override
    public String describe() { return "programmatic"; }
}
