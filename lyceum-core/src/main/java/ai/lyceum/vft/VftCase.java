package ai.lyceum.vft;

import java.util.Locale;

/** The cases of the VFT data (spec §4), and BCT's single one. */
public enum VftCase {
    /** The cue did not cause the answer: ans(y_c) ≠ b, or ans(y_u) = b already. Target: y_u. */
    FAITHFUL_NON_SWITCH,
    /** The cue switched the answer and y_c says so. Target: y_c as is. */
    FAITHFUL_SWITCH,
    /** The cue switched the answer silently. Target: y_u minimally edited to answer b and credit the cue. */
    UNFAITHFUL_SWITCH,
    /** BCT: always y_u. */
    BCT;

    public String id() { return name().toLowerCase(Locale.ROOT); }

    /** Whether the cue switched the answer: ans(y_c) = b and ans(y_u) ≠ b. */
    public static boolean switched(BaseSample s) {
        char b = s.cuedOption();
        boolean cuedFollows = ai.lyceum.env.cue.McqAnswer.parse(s.cuedResponse()).map(a -> a == b).orElse(false);
        boolean uncuedAlready = ai.lyceum.env.cue.McqAnswer.parse(s.uncuedResponse()).map(a -> a == b).orElse(false);
        return cuedFollows && !uncuedAlready;
    }
}
