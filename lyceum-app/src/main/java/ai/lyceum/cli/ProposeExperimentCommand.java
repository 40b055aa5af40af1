package ai.lyceum.cli;

import ai.lyceum.env.procedural.CipherEnvironment;
import ai.lyceum.env.propose.ArithmeticProposals;
import ai.lyceum.env.propose.CipherProposals;
import ai.lyceum.env.propose.ProceduralProposals;
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

    @Option(names = "--reward", defaultValue = "learnability", paramLabel = "NAME",
            description = "proposer reward: uncertainty (R-Zero's code, min(p̂, 1−p̂)), uncertainty-paper (1−2|p̂−½|) or"
                    + " learnability (AZR, 1−r̄ when 0<r̄<1) (default: ${DEFAULT-VALUE})")
    String reward;

    @Option(names = "--domain", defaultValue = "cipher", paramLabel = "NAME",
            description = "cipher (words; difficulty = rare letters, whose images the warm start knows vaguely) or arithmetic"
                    + " (sums; difficulty = operand digits) (default: ${DEFAULT-VALUE})")
    String domainName;

    @Option(names = "--max-level", paramLabel = "N",
            description = "hardest level of the baselines and the held-out set (default: 4 rare letters; 5 digits)")
    Integer maxLevel;

    @Option(names = "--sft-steps", defaultValue = "400", paramLabel = "N", description = "warm-start updates (default: ${DEFAULT-VALUE})")
    int sftSteps;

    @Option(names = "--tasks", defaultValue = "16", paramLabel = "N", description = "tasks (proposals) per step (default: ${DEFAULT-VALUE})")
    int tasks;

    @Option(names = "-k", defaultValue = "8", paramLabel = "K", description = "solver attempts per task (default: ${DEFAULT-VALUE})")
    int attempts;

    @Option(names = "--eval-every", defaultValue = "5", paramLabel = "N", description = "held-out evaluation interval in RL steps (default: ${DEFAULT-VALUE})")
    int evalEvery;

    @Option(names = "--held-out", defaultValue = "64", paramLabel = "N", description = "held-out tasks per difficulty level (default: ${DEFAULT-VALUE})")
    int heldOutPerLevel;

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
        ProceduralProposals domain = switch (domainName) {
            case "cipher" -> new CipherProposals(CipherEnvironment.standard(), maxLevel == null ? 4 : maxLevel);
            case "arithmetic" -> new ArithmeticProposals(maxLevel == null ? 5 : maxLevel);
            default -> throw new IllegalArgumentException("unknown --domain '" + domainName + "'; domains are cipher, arithmetic");
        };
        var model = ModelConfig.tiny();
        var rl = RlConfig.defaults(RlConfig.Algorithm.GRPO, domain.solverMaxTokens(), 1).withGroups(tasks, attempts);
        var config = new ProposeExperiment.Config(model, SftConfig.defaults(sftSteps, 1), 0.2, arms, proposerReward, rl,
                tasks, steps, evalEvery, heldOutPerLevel, LongStream.rangeClosed(1, seeds).boxed().toList());
        String setting = setting(model, rl, proposerReward, domain);
        System.out.println("Lyceum experiment propose — does a proposer's curriculum train the solver faster? " + setting);
        System.out.println();
        ProposeExperiment.Result result;
        try (var store = RunStore.open(out);
             var progress = new TrainingProgress("propose", sftSteps + (long) arms.size() * seeds * steps, System.out)) {
            result = new ProposeExperiment(domain, config).run(store, out.resolve("checkpoint-sft"), new ProposeExperiment.Listener() {
                @Override
                public void sftStep(StepStats s, int total) {
                    TrainingRecords.sftStep(store, progress, "", s);
                }

                @Override
                public void warmStart(ProposeExperiment.WarmStart w) {
                    progress.note(String.format(Locale.ROOT, "warm start: held-out pass@1 %.3f (by level %s)", w.passAt1(),
                            ProposeReport.byLevel(w.passByLevel())));
                }

                @Override
                public void rlStep(TaskSource arm, long seed, ProposeStep s, OptionalDouble heldOut) {
                    progress.step(String.format(Locale.ROOT, "%s seed %d step %d", arm.label(), seed, s.step()));
                }
            });
        }
        Reports.finishExperiment(new ProposeReport(result, setting, domain.maxLevel(), levelName()), out, result.wallSeconds());
        return 0;
    }

    private String levelName() { return domainName.equals("cipher") ? "rare letters" : "operand digits"; }

    private String setting(ModelConfig model, RlConfig rl, ProposerReward proposerReward, ProceduralProposals domain) {
        String what = domainName.equals("cipher")
                ? "the demo's cipher (a secret letter substitution on 8-letter words; the warm-start corpus gets the 10 rare"
                        + " letters right only 25% of the time); the proposer writes a word, difficulty = its rare letters"
                : "column addition a+b with a worked scratchpad; the proposer writes a sum, difficulty = operand digits";
        return String.format(Locale.ROOT, "Domain: %s; reward 1 for the exact answer. The baselines draw levels"
                + " %d–%d. Model: %s (d_model %d, %d layers, %,d parameters), one model in both roles (role prompt '%s')."
                + " Warm start: %d updates of 128, 20%% proposer examples (well-formed proposals, level uniform), the rest"
                + " the solver environment's own corpus. RL: %d steps of %d tasks × %d solver attempts in every arm, AdamW"
                + " lr %.0e, %d mini-batches, no KL. Proposer reward: %s, minus R-Zero's repetition penalty (BLEU over"
                + " characters, average linkage, threshold 0.5), −1 for a rejected proposal; proposer advantages against"
                + " the (task type, proposer) batch baseline, solver advantages within each task's attempts (GRPO, groups"
                + " with equal rewards dropped) in every arm. Held-out: greedy pass@1 on %d fixed tasks per level 1–%d"
                + " every %d steps; %d seeds.", what, domain.minLevel(), domain.maxLevel(), model.name(), model.dModel(),
                model.nLayers(), model.parameterCount(), domain.proposerPrompt().getFirst().content(), sftSteps, steps,
                tasks, attempts, rl.lr(), rl.miniBatches(), proposerReward.label(), heldOutPerLevel, domain.maxLevel(),
                evalEvery, seeds);
    }
}
