package ai.lyceum.cli;

import ai.lyceum.env.selfplay.Layout;
import ai.lyceum.env.selfplay.SelfPlayEnvironment;
import ai.lyceum.report.SelfPlayReport;
import ai.lyceum.run.RunStore;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.optim.AdamWSettings;
import ai.lyceum.train.optim.LrSchedule;
import ai.lyceum.train.optim.StepStats;
import ai.lyceum.train.rl.RlConfig;
import ai.lyceum.train.selfplay.RoleBaselines;
import ai.lyceum.train.selfplay.SelfPlayExperiment;
import ai.lyceum.train.selfplay.SelfPlayStep;
import ai.lyceum.train.sft.SftConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lyceum experiment selfplay}: one policy plays both seats of TicTacToe from a format warm start; RAE
 * against one shared baseline and no baseline, over several seeds; the learner is scored against a random and a
 * minimax player in both seats. Writes report.md, selfplay_curves.png, metrics.csv, summary.json and the run store.
 */
@Command(name = "selfplay", mixinStandardHelpOptions = true,
        description = {"Zero-sum self-play (SPIRAL) on the embedded model: RAE vs one shared baseline vs no baseline on",
                "TicTacToe, learner scored against random and minimax players in both seats; writes report.md,",
                "selfplay_curves.png, metrics.csv and summary.json."})
final class SelfPlayExperimentCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "runs/experiment-selfplay", paramLabel = "DIR",
            description = "output directory (default: ${DEFAULT-VALUE}); replaced")
    Path out;

    @Option(names = "--game", defaultValue = "tictactoe-v0", paramLabel = "ID",
            description = "tictactoe-v0 or kuhnpoker-v1, played in the compact layout (default: ${DEFAULT-VALUE})")
    String game;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N", description = "RL seeds per arm (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--steps", defaultValue = "60", paramLabel = "N", description = "RL steps per run (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--games", defaultValue = "64", paramLabel = "N", description = "self-play games per step (default: ${DEFAULT-VALUE})")
    int games;

    @Option(names = "--arms", defaultValue = "rae,shared,none", split = ",", paramLabel = "A,B,...",
            description = "baselines to compare: rae (per game and role), shared (one for all roles), none; add"
                    + " -paper for the update-then-read order, e.g. rae-paper (default: ${DEFAULT-VALUE})")
    List<String> armNames;

    @Option(names = "--sft-steps", defaultValue = "600", paramLabel = "N",
            description = "format warm-start updates on random legal moves (default: ${DEFAULT-VALUE})")
    int sftSteps;

    @Option(names = "--lr", defaultValue = "5e-4", paramLabel = "X", description = "RL learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(names = "--eval-every", defaultValue = "10", paramLabel = "N", description = "evaluation interval in RL steps (default: ${DEFAULT-VALUE})")
    int evalEvery;

    @Option(names = "--eval-games", defaultValue = "50", paramLabel = "N",
            description = "games per seat against each opponent at each evaluation (default: ${DEFAULT-VALUE})")
    int evalGames;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1 || steps < 1 || games < 1 || sftSteps < 1 || evalEvery < 1 || evalGames < 1) {
            throw new IllegalArgumentException("--seeds, --steps, --games, --sft-steps, --eval-every and --eval-games must be positive");
        }
        var which = java.util.Arrays.stream(SelfPlayEnvironment.Game.values()).filter(g -> g.id().equals(game)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--game must be tictactoe-v0 or kuhnpoker-v1, was " + game));
        var arms = armNames.stream().map(SelfPlayExperimentCommand::arm).toList();
        Directories.deleteTree(out);
        var model = ModelConfig.tiny();
        int maxTokens = 16;
        var environment = new SelfPlayEnvironment(which, Layout.COMPACT, SelfPlayEnvironment.Scoring.EVALUATION, 1, 2026, maxTokens);
        var rl = RlConfig.defaults(RlConfig.Algorithm.GRPO, maxTokens, 1).withLr(lr).withMaxTokens(maxTokens);
        var sft = new SftConfig(sftSteps, 128, new LrSchedule(3e-3, Math.min(20, sftSteps), sftSteps, 0.1), AdamWSettings.DEFAULT, 0, 1);
        var config = new SelfPlayExperiment.Config(model, sft, rl, arms, steps, games, evalEvery, evalGames,
                LongStream.rangeClosed(1, seeds).boxed().toList());
        String setting = setting(model, rl, which);
        System.out.println("Lyceum experiment selfplay — does RAE matter in self-play? " + setting);
        System.out.println();
        SelfPlayExperiment.Result result;
        try (var store = RunStore.open(out);
             var progress = new TrainingProgress("selfplay", sftSteps + (long) arms.size() * seeds * steps, System.out)) {
            result = new SelfPlayExperiment(environment, config).run(store, out.resolve("checkpoint-sft"), new SelfPlayExperiment.Listener() {
                @Override
                public void sftStep(StepStats s, int total) {
                    TrainingRecords.sftStep(store, progress, "", s);
                }

                @Override
                public void warmStart(SelfPlayExperiment.WarmStart w) {
                    progress.note(String.format(Locale.ROOT, "warm start: win+draw %.3f vs random, %.3f vs %s; invalid %.3f",
                            w.evaluation().vsRandom().total().winOrDrawRate(), w.evaluation().vsStrong().total().winOrDrawRate(),
                            w.evaluation().vsStrong().total().opponent(), w.evaluation().vsRandom().total().invalidRate()));
                }

                @Override
                public void rlStep(SelfPlayExperiment.Arm arm, long seed, SelfPlayStep s, Optional<SelfPlayExperiment.Evaluation> e) {
                    progress.step(String.format(Locale.ROOT, "%s seed %d step %d", arm.name(), seed, s.step()));
                    e.ifPresent(ev -> progress.note(String.format(Locale.ROOT, "%s seed %d step %d: win+draw %.3f vs random, %.3f vs %s",
                            arm.name(), seed, ev.step(), ev.vsRandom().total().winOrDrawRate(), ev.vsStrong().total().winOrDrawRate(),
                            ev.vsStrong().total().opponent())));
                }
            });
        }
        Reports.finishExperiment(new SelfPlayReport(result, setting), out, result.wallSeconds());
        return 0;
    }

    static SelfPlayExperiment.Arm arm(String name) {
        boolean paper = name.endsWith("-paper");
        var mode = RoleBaselines.Mode.parse(paper ? name.substring(0, name.length() - "-paper".length()) : name);
        return new SelfPlayExperiment.Arm(name, mode,
                paper ? RoleBaselines.Order.UPDATE_THEN_READ : RoleBaselines.Order.READ_THEN_UPDATE);
    }

    private String setting(ModelConfig model, RlConfig rl, SelfPlayEnvironment.Game which) {
        return String.format(Locale.ROOT, "Game: %s in the compact layout (%s), one policy in"
                + " both seats; training rewards +1/-1/0, an invalid move -1.5 (the other seat +0.5). Model: %s (d_model %d,"
                + " %d layers, %,d parameters), format warm start: %d SFT updates of 128 random legal moves. RL: %d steps of %d"
                + " games, AdamW lr %.0e, %d mini-batches of whole games, PPO clip 0.2, temperature 1, every turn of a seat"
                + " trained on the seat's return minus its baseline (α 0.95, start 0), zero-advantage turns dropped."
                + " Evaluation: the greedy learner, %d games per seat against each opponent, every %d steps. %d seeds; arms %s.",
                which.id(), which == SelfPlayEnvironment.Game.TICTACTOE ? "the board from the mover's side in 12 bytes, its marks M, the opponent's T" : "round, card and betting",
                model.name(), model.dModel(), model.nLayers(), model.parameterCount(), sftSteps, steps, games, rl.lr(),
                rl.miniBatches(), evalGames, evalEvery, seeds, String.join(", ", armNames));
    }
}
