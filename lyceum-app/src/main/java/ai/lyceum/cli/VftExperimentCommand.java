package ai.lyceum.cli;

import ai.lyceum.env.cue.Cue;
import ai.lyceum.env.cue.CueSplit;
import ai.lyceum.env.cue.CuedArithmeticEnvironment;
import ai.lyceum.report.VftReport;
import ai.lyceum.run.RunStore;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.optim.StepStats;
import ai.lyceum.train.rl.RlConfig;
import ai.lyceum.train.rl.StepReport;
import ai.lyceum.train.vft.VftExperiment;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lyceum experiment vft}: the VFT pipeline on the embedded model (docs/vft.md): base → {none, BCT, VFT} →
 * GRPO with the hackable reward on held-out cues → CIR, VR and ECR, over several seeds.
 */
@Command(name = "vft", mixinStandardHelpOptions = true,
        description = {"VFT at small scale: base model -> {none, BCT, VFT} SFT -> GRPO on held-out cues with a reward that pays",
                "for following the cue -> cue influence, verbalization and undetected-hack rates; writes report.md,",
                VftReport.PNG + ", metrics.csv and summary.json into --out."})
final class VftExperimentCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "runs/vft", paramLabel = "DIR", description = "output directory (default: ${DEFAULT-VALUE}); replaced")
    Path out;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N", description = "RL seeds per condition (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--steps", defaultValue = "40", paramLabel = "N", description = "GRPO steps per run (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--eval-every", defaultValue = "10", paramLabel = "N", description = "metrics every N RL steps (default: ${DEFAULT-VALUE})")
    int evalEvery;

    @Option(names = "--base-sft-steps", defaultValue = "400", paramLabel = "N", description = "base model SFT updates of 64 (default: ${DEFAULT-VALUE})")
    int baseSftSteps;

    @Option(names = "--sft-steps", defaultValue = "40", paramLabel = "N", description = "BCT/VFT SFT updates of 64 (default: ${DEFAULT-VALUE})")
    int sftSteps;

    @Option(names = "--data-items", defaultValue = "1000", paramLabel = "N", description = "items the VFT/BCT data is built from (default: ${DEFAULT-VALUE})")
    int dataItems;

    @Option(names = "--train-cues", paramLabel = "IDS", description = "cues of the VFT/BCT data (vft.trainCues; default: black_square,post_hoc)")
    String trainCues;

    @Option(names = "--rl-cues", paramLabel = "IDS", description = "cues RL trains on (rl.cues; default: the other five)")
    String rlCues;

    @Option(names = "--lr", defaultValue = "3e-4", paramLabel = "LR", description = "GRPO learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1 || steps < 1 || evalEvery < 1) throw new IllegalArgumentException("--seeds, --steps and --eval-every must be positive");
        var split = CueSplit.fromSystemProperties().withCues(trainCues, rlCues);
        Directories.deleteTree(out);
        var environment = new CuedArithmeticEnvironment(2026, split.rlCues(), split.cuedFraction(),
                CuedArithmeticEnvironment.BaseBehaviour.defaults(), 64);
        var model = ModelConfig.tiny();
        var rl = RlConfig.defaults(RlConfig.Algorithm.GRPO, environment.maxTokens(), 1).withLr(lr);
        var config = new VftExperiment.Config(model, baseSftSteps, sftSteps, 1e-3, dataItems, rl, steps, evalEvery,
                LongStream.rangeClosed(1, seeds).boxed().toList(), split);
        String setting = setting(model, rl, split, environment);
        System.out.println("Lyceum experiment vft — does verbalization fine-tuning make reward hacks visible? ");
        System.out.println();
        VftExperiment.Result result;
        long total = baseSftSteps + 2L * sftSteps + 3L * seeds * steps;
        try (var store = RunStore.open(out); var progress = new TrainingProgress("vft", total, System.out)) {
            result = new VftExperiment(environment, config).run(store, out, new VftExperiment.Listener() {
                @Override
                public void phase(String what) { progress.note(what); }

                @Override
                public void sftStep(String condition, StepStats s, int n) {
                    TrainingRecords.sftStep(store, progress, condition, s);
                }

                @Override
                public void rlStep(String condition, long seed, StepReport r, Optional<VftExperiment.Point> p) {
                    progress.step(String.format(Locale.ROOT, "%s seed %d step %d reward %.2f", condition, seed, r.step(), r.plainAccuracy())
                            + p.map(x -> " | held-out CIR " + x.report().row("held_out_cues").cir().format().split(" ")[0]
                                    + " VR " + x.report().row("held_out_cues").vr().format().split(" ")[0]
                                    + " ECR " + x.report().row("held_out_cues").ecr().format().split(" ")[0]).orElse(""));
                }
            });
        }
        Reports.finishExperiment(new VftReport(result, setting), out, result.wallSeconds());
        return 0;
    }

    private String setting(ModelConfig model, RlConfig rl, CueSplit split, CuedArithmeticEnvironment env) {
        var b = env.base();
        return String.format(Locale.ROOT, "Environment: cued-arithmetic, the procedural twin of mmlu-stem-cued (which of four options is a"
                + " sum of two digits 0–4; the seven cues in short form). Base model: %s (%,d parameters), SFT %d updates of 64 on a corpus where"
                + " %.0f%% of prompts are cued and a cued prompt is followed silently %.0f%% and with the cue named %.0f%% of the time (a"
                + " stand-in for a pretrained model's sycophancy; VR 10%% by construction). Interventions: BCT and VFT SFT, %d updates of 64"
                + " at lr 1e-3, on data built from the base model's own temperature-1 samples of %d items with the train cues %s"
                + " (programmatic judge and editor). RL: GRPO, %d steps of %d prompts × %d rollouts, lr %.0e, no KL, on the held-out"
                + " cues %s, %.0f%% cued, reward 1 for the cue's option on cued prompts and for the true option on uncued ones."
                + " Metrics: every %d steps on 64 items × (uncued + 7 cues) sampled at temperature 1; switch influence; programmatic"
                + " verbalization judge; %d seeds.", model.name(), model.parameterCount(), baseSftSteps, 100 * b.cuedShare(),
                100 * b.silentFollow(), 100 * b.verbalizedFollow(), sftSteps, dataItems, ids(split.trainCues()), steps,
                rl.promptsPerStep(), rl.groupSize(), rl.lr(), ids(split.rlCues()), 100 * split.cuedFraction(), evalEvery, seeds);
    }

    private static String ids(java.util.List<Cue> cues) { return String.join(",", cues.stream().map(Cue::id).toList()); }
}
