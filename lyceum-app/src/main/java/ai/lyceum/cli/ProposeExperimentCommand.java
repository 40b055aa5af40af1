package ai.lyceum.cli;

import ai.lyceum.env.propose.ProposerReward;
import ai.lyceum.report.ProposeReport;
import ai.lyceum.run.RunStore;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.optim.StepStats;
import ai.lyceum.train.propose.ProposeExperiment;
import ai.lyceum.train.propose.ProposeStep;
import ai.lyceum.train.propose.TaskSource;
import ai.lyceum.train.rl.RlConfig;
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
 * {@code lyceum experiment propose}: a solver trained on its own proposer role's tasks against tasks of random
 * difficulty and a fixed easy→hard curriculum, from one warm start, scored on one fixed held-out set.
 */
@Command(name = "propose", mixinStandardHelpOptions = true,
        description = {"Proposer/solver: the solver trained on tasks its proposer role writes (learnability or uncertainty reward,"
                + " repetition penalty) vs tasks of random difficulty vs a fixed easy→hard curriculum, on a fixed held-out set;",
                "writes report.md, learning_curves.png, metrics.csv and summary.json."})
final class ProposeExperimentCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "runs/propose", paramLabel = "DIR", description = "output directory (default: ${DEFAULT-VALUE}); replaced")
    Path out;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N", description = "RL seeds per arm (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--steps", defaultValue = "60", paramLabel = "N", description = "RL steps per run (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--arms", defaultValue = "proposer,random,curriculum", split = ",", paramLabel = "A,B,...",
            description = "arms: proposer, random, curriculum (default: ${DEFAULT-VALUE})")
    List<String> armNames;

    @Option(names = "--reward", defaultValue = "uncertainty", paramLabel = "NAME",
            description = "proposer reward: uncertainty (R-Zero's code, min(p̂, 1−p̂)), uncertainty-paper (1−2|p̂−½|) or"
                    + " learnability (AZR, 1−r̄ when 0<r̄<1) (default: ${DEFAULT-VALUE})")
    String reward;

    @Option(names = "--max-digits", defaultValue = "6", paramLabel = "D", description = "longest operand of any task (default: ${DEFAULT-VALUE})")
    int maxDigits;

    @Option(names = "--sft-digits", defaultValue = "4", paramLabel = "D",
            description = "the warm start's solver examples have 1 to D digits (default: ${DEFAULT-VALUE})")
    int sftDigits;

    @Option(names = "--sft-steps", defaultValue = "150", paramLabel = "N", description = "warm-start updates (default: ${DEFAULT-VALUE})")
    int sftSteps;

    @Option(names = "--tasks", defaultValue = "16", paramLabel = "N", description = "tasks (proposals) per step (default: ${DEFAULT-VALUE})")
    int tasks;

    @Option(names = "-k", defaultValue = "8", paramLabel = "K", description = "solver attempts per task (default: ${DEFAULT-VALUE})")
    int attempts;

    @Option(names = "--eval-every", defaultValue = "5", paramLabel = "N", description = "held-out evaluation interval in RL steps (default: ${DEFAULT-VALUE})")
    int evalEvery;

    @Option(names = "--held-out", defaultValue = "64", paramLabel = "N", description = "held-out sums per difficulty (default: ${DEFAULT-VALUE})")
    int heldOutPerDigit;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1 || steps < 1 || sftSteps < 1 || evalEvery < 1 || tasks < 2 || attempts < 2) {
            throw new IllegalArgumentException("--seeds, --steps, --sft-steps and --eval-every must be positive; --tasks and -k at least 2");
        }
        var arms = armNames.stream().map(TaskSource::named).toList();
        if (!arms.contains(TaskSource.PROPOSER) || !arms.contains(TaskSource.RANDOM)) {
            throw new IllegalArgumentException("--arms must include proposer and random, the comparison the report is about");
        }
        var proposerReward = ProposerReward.named(reward);
        Directories.deleteTree(out);
        var model = ModelConfig.tiny();
        var rl = RlConfig.defaults(RlConfig.Algorithm.GRPO, 3 * maxDigits + 7, 1).withGroups(tasks, attempts);
        var config = new ProposeExperiment.Config(model, SftConfig.defaults(sftSteps, 1), 0.2, sftDigits, maxDigits, arms,
                proposerReward, rl, tasks, steps, evalEvery, heldOutPerDigit, LongStream.rangeClosed(1, seeds).boxed().toList());
        String setting = setting(model, rl, proposerReward);
        System.out.println("Lyceum experiment propose — does a proposer's curriculum train the solver faster? " + setting);
        System.out.println();
        ProposeExperiment.Result result;
        try (var store = RunStore.open(out);
             var progress = new TrainingProgress("propose", sftSteps + (long) arms.size() * seeds * steps, System.out)) {
            result = new ProposeExperiment(config).run(store, out.resolve("checkpoint-sft"), new ProposeExperiment.Listener() {
                @Override
                public void sftStep(StepStats s, int total) {
                    var outcome = TrainingRecords.sft(s);
                    store.recordTrainStep("sft", s.step(), outcome.metrics(), outcome.guidance());
                    progress.step("SFT " + outcome.summary());
                }

                @Override
                public void warmStart(ProposeExperiment.WarmStart w) {
                    progress.note(String.format(Locale.ROOT, "warm start: held-out pass@1 %.3f (by digits %s)", w.passAt1(),
                            ProposeReport.byDigits(w.passByDigits())));
                }

                @Override
                public void rlStep(TaskSource arm, long seed, ProposeStep s, OptionalDouble heldOut) {
                    progress.step(String.format(Locale.ROOT, "%s seed %d step %d", arm.label(), seed, s.step()));
                }
            });
        }
        var report = new ProposeReport(result, setting, maxDigits);
        report.write(out);
        System.out.println();
        report.printTable(System.out);
        System.out.printf(Locale.ROOT, "%nWall time %.1f s. Report: %s (plot: %s)%n", result.wallSeconds(),
                out.resolve("report.md"), out.resolve("learning_curves.png"));
        return 0;
    }

    private String setting(ModelConfig model, RlConfig rl, ProposerReward proposerReward) {
        return String.format(Locale.ROOT, "Domain: column addition a+b with a worked scratchpad (the arithmetic environment's"
                + " format), operands of 1–%d digits; reward 1 for the exact sum. Model: %s (d_model %d, %d layers, %,d"
                + " parameters), one model in both roles. Warm start: %d updates of 128, 20%% proposer examples (well-formed"
                + " sums of 1–%d digits per operand), the rest solver examples of 1–%d digits. RL: %d steps of %d tasks × %d"
                + " solver attempts in every arm, AdamW lr %.0e, %d mini-batches, no KL. Proposer reward: %s, minus R-Zero's"
                + " repetition penalty (BLEU over characters, average linkage, threshold 0.5), −1 for a rejected proposal;"
                + " proposer advantages against the (task type, proposer) batch baseline, solver advantages within each task's"
                + " attempts (GRPO) in every arm. Held-out: greedy pass@1 on %d fixed sums per difficulty (%d in all) every %d"
                + " steps; %d seeds.", maxDigits, model.name(), model.dModel(), model.nLayers(), model.parameterCount(),
                sftSteps, maxDigits, sftDigits, steps, tasks, attempts, rl.lr(), rl.miniBatches(), proposerReward.label(),
                heldOutPerDigit, heldOutPerDigit * maxDigits, evalEvery, seeds);
    }
}
