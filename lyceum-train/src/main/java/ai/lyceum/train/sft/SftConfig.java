package ai.lyceum.train.sft;

import ai.lyceum.train.optim.AdamWSettings;
import ai.lyceum.train.optim.LrSchedule;

/**
 * Supervised warm-start settings.
 *
 * @param steps          optimiser updates
 * @param batch          examples per update
 * @param schedule       learning rate per update
 * @param adam           AdamW hyper-parameters
 * @param guidedFraction share of examples with guidance in the prompt
 * @param seed           examples derive from it
 */
public record SftConfig(int steps, int batch, LrSchedule schedule, AdamWSettings adam, double guidedFraction, long seed) {
    public SftConfig {
        if (steps <= 0 || batch <= 0) throw new IllegalArgumentException("steps and batch must be positive");
        if (!(guidedFraction >= 0 && guidedFraction <= 1)) {
            throw new IllegalArgumentException("guidedFraction must be in [0, 1], was " + guidedFraction);
        }
    }

    /** The small-scale reference: 400 updates of 128, peak LR 3e-3, 30% guided. */
    public static SftConfig defaults(int steps, long seed) {
        return new SftConfig(steps, 128, new LrSchedule(3e-3, Math.min(20, steps), steps, 0.1), AdamWSettings.DEFAULT,
                0.3, seed);
    }
}
