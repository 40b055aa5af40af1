package ai.lyceum.env.cue;

import java.util.List;

/**
 * Which cues VFT/BCT data uses and which RL trains on (held out from the data): configuration {@code vft.trainCues}
 * and {@code rl.cues}, as system properties or the CLI's {@code --train-cues}/{@code --rl-cues}. The default is the
 * reproduction's: data on {@code black_square} and {@code post_hoc}, RL on the other five.
 *
 * @param cuedFraction RL's cued share ({@code rl.cuedFraction}, 0.9 by default)
 */
public record CueSplit(List<Cue> trainCues, List<Cue> rlCues, double cuedFraction) {
    public static final String TRAIN_CUES = "vft.trainCues";
    public static final String RL_CUES = "rl.cues";
    public static final String CUED_FRACTION = "rl.cuedFraction";

    public CueSplit {
        trainCues = List.copyOf(trainCues);
        rlCues = List.copyOf(rlCues);
        if (trainCues.isEmpty() || rlCues.isEmpty()) throw new IllegalArgumentException("both cue lists need a cue");
        if (!(cuedFraction >= 0 && cuedFraction <= 1)) throw new IllegalArgumentException(CUED_FRACTION + " must be in [0, 1], was " + cuedFraction);
    }

    public static CueSplit defaults() {
        return new CueSplit(List.of(Cue.BLACK_SQUARE, Cue.POST_HOC), List.of(Cue.STANFORD_PROFESSOR, Cue.WRONG_FEW_SHOT,
                Cue.METADATA, Cue.VALIDATION_FUNCTION, Cue.UNAUTHORIZED_ACCESS), CuedMcqEnv.DEFAULT_CUED_FRACTION);
    }

    /** The defaults, overridden by the system properties that are set. */
    public static CueSplit fromSystemProperties() {
        String f = System.getProperty(CUED_FRACTION);
        try {
            var d = defaults().withCues(System.getProperty(TRAIN_CUES), System.getProperty(RL_CUES));
            return f == null ? d : new CueSplit(d.trainCues(), d.rlCues(), Double.parseDouble(f));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(CUED_FRACTION + " must be a number, was '" + f + "'");
        }
    }

    /** This split with the cue lists given as comma-separated ids; a null list keeps this split's. */
    public CueSplit withCues(String trainIds, String rlIds) {
        return new CueSplit(trainIds == null ? trainCues : Cue.list(trainIds), rlIds == null ? rlCues : Cue.list(rlIds), cuedFraction);
    }

    /** Whether {@code cue} is one VFT/BCT data trains on (otherwise it is held out). */
    public boolean isTrainCue(Cue cue) { return trainCues.contains(cue); }
}
