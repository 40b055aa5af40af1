package ai.lyceum.cli;

import ai.lyceum.report.GuideReport;
import ai.lyceum.run.RunStore;
import ai.lyceum.train.demo.GuideDemo;
import ai.lyceum.env.procedural.CipherEnvironment;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.optim.StepStats;
import ai.lyceum.train.rl.RlConfig;
import ai.lyceum.train.rl.StepReport;
import ai.lyceum.train.sft.SftConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lyceum demo}: the main job. Guide-GRPO against GRPO from one supervised warm start on the cipher
 * environment, over several seeds, on the CPU with no network; writes report.md, learning_curves.png,
 * metrics.csv, summary.json and the run store into {@code --out}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The main job: SFT warm start, then GRPO, Guide-GRPO and their variants from one checkpoint on the cipher",
                "environment over several seeds; writes report.md, learning_curves.png, metrics.csv and summary.json."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "runs/demo", paramLabel = "DIR", description = "output directory (default: ${DEFAULT-VALUE}); replaced")
    Path out;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N", description = "RL seeds per algorithm (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--steps", defaultValue = "100", paramLabel = "N", description = "RL steps per run (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--arms", defaultValue = "grpo,guide,guide-cap2,guide-g4,grpo-refill", split = ",", paramLabel = "A,B,...",
            description = "arms to run: grpo; grpo-refill (GRPO drawing up to one more round of prompts when too few"
                    + " groups are trainable: as many rollouts as Guide at most); guide, with -capK for at most K guided"
                    + " prompts a step, -gN for N rollouts per guided prompt and -hP for hints revealing P% of what the"
                    + " full hint does, e.g. guide-cap2 or guide-cap4-g4-h50"
                    + " (default: ${DEFAULT-VALUE})")
    List<String> armNames;

    @Option(names = "--sft-steps", defaultValue = "400", paramLabel = "N", description = "warm-start updates (default: ${DEFAULT-VALUE})")
    int sftSteps;

    @Option(names = "--eval-every", defaultValue = "2", paramLabel = "N", description = "held-out evaluation interval in RL steps (default: ${DEFAULT-VALUE})")
    int evalEvery;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1 || steps < 1 || sftSteps < 1 || evalEvery < 1) {
            throw new IllegalArgumentException("--seeds, --steps, --sft-steps and --eval-every must be positive");
        }
        if (!armNames.contains("grpo")) throw new IllegalArgumentException("--arms must include grpo, the baseline");
        Directories.deleteTree(out);
        var environment = CipherEnvironment.standard();
        var model = ModelConfig.tiny();
        var rl = RlConfig.defaults(RlConfig.Algorithm.GRPO, environment.maxTokens(), 1);
        var arms = armNames.stream().map(name -> arm(name, rl)).toList();
        var config = new GuideDemo.Config(model, SftConfig.defaults(sftSteps, 1), arms, steps, evalEvery,
                LongStream.rangeClosed(1, seeds).boxed().toList());
        String setting = setting(model, rl);
        System.out.println("Lyceum demo — does teacher guidance accelerate RL? " + setting);
        System.out.println();
        var result = run("demo", new GuideDemo(environment, config), config, out);
        Reports.finishExperiment(new GuideReport(result, setting), out, result.wallSeconds());
        return 0;
    }

    /**
     * Runs a demo-shaped experiment (a warm start, then arms × seeds) into {@code out} with a progress bar named
     * {@code label}, recording the warm start's steps in the run store.
     */
    static GuideDemo.Result run(String label, GuideDemo demo, GuideDemo.Config config, Path out) throws Exception {
        long total = config.sft().steps() + (long) config.arms().size() * config.seeds().size() * config.rlSteps();
        try (var store = RunStore.open(out); var progress = new TrainingProgress(label, total, System.out)) {
            return demo.run(store, out.resolve("checkpoint-sft"), new GuideDemo.Listener() {
                @Override
                public void sftStep(StepStats s, int steps) {
                    TrainingRecords.sftStep(store, progress, "", s);
                }

                @Override
                public void warmStart(GuideDemo.WarmStart w) {
                    progress.note(String.format(Locale.ROOT, "warm start: greedy pass@1 %.3f, all-failed %.2f, hinted %.2f",
                            w.greedyPassAt1(), w.allFailedShare(), w.hintedAccuracy()));
                }

                @Override
                public void rlStep(GuideDemo.Arm arm, long seed, StepReport r, OptionalDouble heldOut) {
                    progress.step(String.format(Locale.ROOT, "%s seed %d step %d", arm.name(), seed, r.step()));
                }
            });
        }
    }

    /** The arms the demo knows; every one starts from the same warm start with the same prompts per step. */
    static GuideDemo.Arm arm(String name, RlConfig grpo) {
        var m = ARM.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown arm '" + name + "'; arms are grpo, grpo-refill, or guide with"
                    + " optional -capK (at most K guided prompts a step), -gN (N rollouts per guided prompt) and -hP (hints"
                    + " revealing P% of the full hint)");
        }
        if ("grpo".equals(m.group(1))) return new GuideDemo.Arm(name, m.group(2) != null ? grpo.withRefill(1) : grpo);
        int cap = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        int size = m.group(4) == null ? grpo.groupSize() : Integer.parseInt(m.group(4));
        double strength = m.group(5) == null ? 1 : Integer.parseInt(m.group(5)) / 100.0;
        if (!(strength > 0 && strength <= 1)) throw new IllegalArgumentException(name + ": -hP takes a percentage, 1–100");
        return new GuideDemo.Arm(name, grpo.withAlgorithm(RlConfig.Algorithm.GUIDE).withGuidedBudget(cap, size), strength);
    }

    private static final java.util.regex.Pattern ARM =
            java.util.regex.Pattern.compile("(grpo)(-refill)?|(?:guide)(?:-cap(\\d+))?(?:-g(\\d+))?(?:-h(\\d+))?");

    private String setting(ModelConfig model, RlConfig rl) {
        return String.format(Locale.ROOT, "Environment: cipher (a secret letter substitution; 8-letter words with 3–4 letters"
                + " the warm-start corpus got right only 25%% of the time; reward 1 for the exact answer). Teacher: the answer"
                + " letters at those positions, from the reference. Model: %s (d_model %d, %d layers, %,d parameters), SFT %d"
                + " updates of 128 (30%% guided). RL: %d steps of %d prompts × %d rollouts, AdamW lr %.0e, %d mini-batches,"
                + " no KL; held-out greedy pass@1 on 512 words every %d steps; %d seeds; every arm (%s) sees the same"
                + " prompts at each step.", model.name(), model.dModel(), model.nLayers(), model.parameterCount(), sftSteps,
                steps, rl.promptsPerStep(), rl.groupSize(), rl.lr(), rl.miniBatches(), evalEvery, seeds, String.join(", ", armNames));
    }
}
