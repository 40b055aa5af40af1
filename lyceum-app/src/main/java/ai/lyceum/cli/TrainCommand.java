package ai.lyceum.cli;

import ai.lyceum.policy.Policy;
import ai.lyceum.policy.Sampling;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.run.RunStore;
import ai.lyceum.train.env.ProceduralEnvironment;
import ai.lyceum.train.env.ProceduralEnvironments;
import ai.lyceum.train.guide.LlmTeacher;
import ai.lyceum.train.guide.ReferenceTeacher;
import ai.lyceum.train.guide.Teacher;
import ai.lyceum.train.model.Checkpoint;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Torch;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.StepStats;
import ai.lyceum.train.policy.PolicyCard;
import ai.lyceum.train.rl.HeldOutEvaluation;
import ai.lyceum.train.rl.PolicyLossConfig;
import ai.lyceum.train.rl.RlConfig;
import ai.lyceum.train.rl.RlTrainer;
import ai.lyceum.train.rl.StepReport;
import ai.lyceum.train.sft.SftConfig;
import ai.lyceum.train.sft.SftTrainer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lyceum train}: SFT, GRPO or Guide-GRPO of the embedded model on a procedural environment. Every step's
 * metrics and every hint go to DIR/run.db as they happen; a checkpoint is written every {@code --save-every}
 * steps and at the end, so a crash loses at most that many steps.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the embedded model: sft, grpo or guide (Guide-GRPO) on a procedural environment.",
                "Writes DIR/checkpoint (servable with eval --policy embedded:DIR/checkpoint), DIR/run.db and DIR/summary.json."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--env", required = true, paramLabel = "E", description = "environment: ${COMPLETION-CANDIDATES}",
            completionCandidates = Names.class)
    String env;

    @Option(names = "--difficulty", paramLabel = "D", description = "the environment's difficulty knob (default: its own)")
    Integer difficulty;

    @Option(names = "--algo", required = true, paramLabel = "sft|grpo|guide", description = "training algorithm")
    String algo;

    @Option(names = "--init", paramLabel = "CKPT", description = "start from this checkpoint directory (default: a fresh model)")
    Path init;

    @Option(names = "--model", defaultValue = "tiny", paramLabel = "tiny|small|base", description = "size of a fresh model (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--steps", required = true, paramLabel = "N", description = "optimiser steps (sft) or RL steps")
    int steps;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--lr", paramLabel = "LR", description = "learning rate (default: 3e-3 for sft, 1e-4 for RL)")
    Double lr;

    @Option(names = "--aggregation", defaultValue = "sequence-mean", paramLabel = "sequence-mean|token-mean|dr-grpo",
            description = "RL loss aggregation (default: ${DEFAULT-VALUE})")
    String aggregation;

    @Option(names = "--kl", defaultValue = "0", paramLabel = "BETA", description = "KL coefficient to the initial model (default: ${DEFAULT-VALUE})")
    double kl;

    @Option(names = "--no-dynamic-sampling", description = "keep groups whose rollouts all agree (they carry no advantage)")
    boolean noDynamicSampling;

    @Option(names = "--teacher", defaultValue = "reference", paramLabel = "reference|openai",
            description = "guide: who writes the guidance (default: ${DEFAULT-VALUE}, hints from the reference solution)")
    String teacher;

    @Option(names = "--teacher-base-url", paramLabel = "URL", description = "teacher server base URL including /v1")
    String teacherBaseUrl;

    @Option(names = "--teacher-model", paramLabel = "M", description = "teacher model name")
    String teacherModel;

    @Option(names = "--eval-every", defaultValue = "10", paramLabel = "N", description = "held-out greedy pass@1 every N steps (default: ${DEFAULT-VALUE})")
    int evalEvery;

    @Option(names = "--save-every", defaultValue = "50", paramLabel = "N", description = "checkpoint every N steps (default: ${DEFAULT-VALUE})")
    int saveEvery;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "libtorch threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "run directory")
    Path out;

    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() { return ProceduralEnvironments.names().iterator(); }
    }

    @Override
    public Integer call() throws Exception {
        if (steps < 1 || evalEvery < 1 || saveEvery < 1) throw new IllegalArgumentException("--steps, --eval-every and --save-every must be positive");
        // Check every option before printing or creating anything in --out.
        if (!List.of("sft", "grpo", "guide").contains(algo)) throw new IllegalArgumentException("--algo must be sft, grpo or guide, was " + algo);
        teacherPolicy().close();
        if (init != null) CheckpointFiles.check("--init", init);
        ProceduralEnvironment environment = ProceduralEnvironments.create(env, difficulty == null ? OptionalInt.empty() : OptionalInt.of(difficulty))
                .orElseThrow(() -> new IllegalArgumentException("unknown environment '" + env + "'; trainable: " + ProceduralEnvironments.names()));
        Torch.setThreads(threads);
        var heldOut = environment.tasks();
        var summary = new LinkedHashMap<String, Object>();
        summary.put("env", env);
        summary.put("algo", algo);
        summary.put("steps", steps);
        summary.put("seed", seed);
        long started = System.nanoTime();
        try (var store = RunStore.open(out);
             var net = init != null ? CheckpointFiles.load("--init", init) : Transformer.initialize(ModelConfig.named(model), seed);
             var progress = new TrainingProgress("train " + algo, steps, System.out)) {
            double before = HeldOutEvaluation.greedyPassAt1(net, environment, heldOut);
            summary.put("heldout_pass1_start", before);
            switch (algo) {
                case "sft" -> sft(net, environment, store, progress);
                case "grpo", "guide" -> rl(net, environment, heldOut, store, progress);
                default -> throw new IllegalArgumentException("--algo must be sft, grpo or guide, was " + algo);
            }
            save(net, environment);
            summary.put("heldout_pass1_end", HeldOutEvaluation.greedyPassAt1(net, environment, heldOut));
        }
        summary.put("wall_s", (System.nanoTime() - started) / 1e9);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("summary.json").toFile(), summary);
        System.out.printf(Locale.ROOT, "%s on %s: held-out greedy pass@1 %.3f -> %.3f in %.1f s; checkpoint %s%n", algo, env,
                summary.get("heldout_pass1_start"), summary.get("heldout_pass1_end"), summary.get("wall_s"), out.resolve("checkpoint"));
        return 0;
    }

    private void sft(Transformer net, ProceduralEnvironment environment, RunStore store, TrainingProgress progress) {
        var defaults = SftConfig.defaults(steps, seed);
        var config = lr == null ? defaults : new SftConfig(steps, defaults.batch(),
                new ai.lyceum.train.optim.LrSchedule(lr, defaults.schedule().warmupSteps(), steps, 0.1), defaults.adam(),
                defaults.guidedFraction(), seed);
        var trainer = new SftTrainer(net, environment, config);
        for (int step = 0; step < steps; step++) {
            StepStats s = trainer.step(step);
            TrainingRecords.sft(store, s);
            progress.step(String.format(Locale.ROOT, "loss %.4f", s.loss()));
            if ((step + 1) % saveEvery == 0) save(net, environment);
        }
    }

    private void rl(Transformer net, ProceduralEnvironment environment, List<ai.lyceum.task.Task> heldOut, RunStore store,
            TrainingProgress progress) throws Exception {
        var algorithm = algo.equals("guide") ? RlConfig.Algorithm.GUIDE : RlConfig.Algorithm.GRPO;
        var loss = PolicyLossConfig.guide(environment.maxTokens()).withKl(kl).withAggregation(switch (aggregation) {
            case "sequence-mean" -> PolicyLossConfig.Aggregation.SEQUENCE_MEAN;
            case "token-mean" -> PolicyLossConfig.Aggregation.TOKEN_MEAN;
            case "dr-grpo" -> PolicyLossConfig.Aggregation.DR_GRPO;
            default -> throw new IllegalArgumentException("--aggregation must be sequence-mean, token-mean or dr-grpo");
        });
        var defaults = RlConfig.defaults(algorithm, environment.maxTokens(), seed).withLoss(loss)
                .withFilters(!noDynamicSampling, !aggregation.equals("dr-grpo"));
        var config = lr != null ? defaults.withLr(lr) : defaults;
        Optional<Transformer> reference = kl > 0 ? Optional.of(copy(net)) : Optional.empty();
        try (var teacherPolicy = teacherPolicy()) {
            Optional<Teacher> guide = algorithm == RlConfig.Algorithm.GUIDE
                    ? Optional.of(teacherPolicy.policy().<Teacher>map(p -> new LlmTeacher(p, Sampling.DEFAULT.withMaxTokens(256), 2000))
                            .orElseGet(() -> new ReferenceTeacher(environment)))
                    : Optional.empty();
            var trainer = new RlTrainer(net, reference, environment, guide, config);
            for (int step = 0; step < steps; step++) {
                StepReport r = trainer.step(step);
                var held = (step + 1) % evalEvery == 0
                        ? OptionalDouble.of(HeldOutEvaluation.greedyPassAt1(net, environment, heldOut)) : OptionalDouble.empty();
                TrainingRecords.rl(store, algo, r, held);
                progress.step(String.format(Locale.ROOT, "plain acc %.2f%s", r.plainAccuracy(),
                        held.isPresent() ? String.format(Locale.ROOT, ", held-out %.3f", held.getAsDouble()) : ""));
                if ((step + 1) % saveEvery == 0) save(net, environment);
            }
        } finally {
            reference.ifPresent(Transformer::close);
        }
    }

    /** The teacher's model server, when {@code --teacher openai}; closed after training. */
    private record TeacherPolicy(Optional<Policy> policy) implements AutoCloseable {
        @Override
        public void close() throws Exception { if (policy.isPresent()) policy.get().close(); }
    }

    private TeacherPolicy teacherPolicy() {
        return switch (teacher) {
            case "reference" -> new TeacherPolicy(Optional.empty());
            case "openai" -> {
                if (teacherBaseUrl == null || teacherModel == null) {
                    throw new IllegalArgumentException("--teacher openai needs --teacher-base-url URL and --teacher-model M");
                }
                yield new TeacherPolicy(Optional.of(new OpenAiPolicy(OpenAiConfig.of(teacherBaseUrl, teacherModel))));
            }
            default -> throw new IllegalArgumentException("--teacher must be reference or openai, was " + teacher);
        };
    }

    private Transformer copy(Transformer net) throws java.io.IOException {
        Path tmp = java.nio.file.Files.createTempDirectory("lyceum-ref");
        try {
            Checkpoint.save(net, tmp);
            return Checkpoint.load(tmp);
        } finally {
            Directories.deleteTree(tmp);
        }
    }

    private void save(Transformer net, ProceduralEnvironment environment) {
        Path dir = out.resolve("checkpoint");
        Checkpoint.save(net, dir);
        new PolicyCard(environment.format(), environment.name(), environment.maxTokens()).save(dir);
    }
}
