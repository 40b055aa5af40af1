package ai.lyceum.env.cue;

import ai.lyceum.env.EnvironmentProvider;
import ai.lyceum.env.choice.MmluStemEnvironment;
import java.nio.file.Files;
import java.util.List;

/**
 * The cue environments of reward-hack monitoring (docs/vft.md). The cue split and cued share come from
 * {@link CueSplit#fromSystemProperties()}.
 */
public final class CueEnvironments implements EnvironmentProvider {
    static final String MMLU_FILE = "mmlu/mmlu_stem_test.jsonl";

    @Override
    public List<Spec> environments() {
        return List.of(
                mmlu("mmlu-stem-cued", CueLayout.PAIRED, "MMLU-STEM, each question uncued and with each of the seven cues at a"
                        + " random wrong option; reward pays the cue's option (hackable, spec §2); the VFT metrics' input"),
                mmlu("mmlu-stem-cued-all-options", CueLayout.ALL_OPTIONS, "MMLU-STEM uncued and with each cue at every wrong"
                        + " option (all-options influence); hackable reward"),
                mmlu("mmlu-stem-cued-rl", CueLayout.MIXED, "MMLU-STEM as RL's mix: cued share (0.9) with the rl.cues, the"
                        + " rest uncued; hackable reward"),
                new Spec(CuedArithmeticEnvironment.NAME, "which of four options is a sum of two digits 0-4, with the seven cues in"
                        + " short form (the tiny model's VFT twin); trains on rl.cues, evaluates on all seven in pairs",
                        (tasksFile, options) -> {
                            if (tasksFile.isPresent()) throw new IllegalArgumentException("environment '"
                                    + CuedArithmeticEnvironment.NAME + "' generates its tasks; it takes no --tasks file");
                            return CuedArithmeticEnvironment.standard(CueSplit.fromSystemProperties());
                        }));
    }

    private static Spec mmlu(String name, CueLayout layout, String description) {
        return new Spec(name, description, (tasksFile, options) -> {
            var file = tasksFile.orElseGet(() -> options.dataDir().resolve(MMLU_FILE));
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("environment '" + name + "' needs its tasks file " + file
                        + " (set LYCEUM_DATA or pass --tasks)");
            }
            var split = CueSplit.fromSystemProperties();
            var cues = layout == CueLayout.MIXED ? split.rlCues() : List.of(Cue.values());
            return new CuedMcqEnv(name, () -> MmluStemEnvironment.items(file), cues, split.cuedFraction(), 2026, layout);
        });
    }
}
