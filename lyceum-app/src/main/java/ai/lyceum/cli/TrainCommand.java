package ai.lyceum.cli;

import ai.lyceum.env.Environment;
import ai.lyceum.env.Environments;
import ai.lyceum.env.Role;
import ai.lyceum.env.guide.ReferenceTeacher;
import ai.lyceum.env.procedural.ProceduralEnvironment;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.run.RunStore;
import ai.lyceum.train.TrainingRun;
import ai.lyceum.train.model.Checkpoint;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Torch;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.LrSchedule;
import ai.lyceum.train.optim.TrainingStep;
import ai.lyceum.train.policy.EmbeddedPolicy;
import ai.lyceum.train.policy.PolicyCard;
import ai.lyceum.train.policy.PromptFormat;
import ai.lyceum.train.rl.PolicyLossConfig;
import ai.lyceum.train.rl.RlConfig;
import ai.lyceum.train.rl.RlTrainer;
import ai.lyceum.train.rl.TrainingTasks;
import ai.lyceum.train.sft.SftConfig;
import ai.lyceum.train.sft.SftTrainer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lyceum train}: SFT, GRPO or Guide-GRPO of the embedded model on any registered environment. A thin
 * command: {@link TrainingRun} owns the loop, the held-out evaluations, the run store and the checkpoints; every
 * rollout goes through the same engine and into the same tables as {@code lyceum eval}'s.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the embedded model: sft, grpo or guide (Guide-GRPO) on any environment (lyceum envs).",
                "Writes DIR/checkpoint (servable with eval --policy embedded:DIR/checkpoint), DIR/run.db and DIR/summary.json.",
                "After a crash or kill, the same command with --resume continues from the last checkpoint."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--env", required = true, paramLabel = "E", description = "environment: ${COMPLETION-CANDIDATES}",
            completionCandidates = EvalCommand.EnvironmentNames.class)
    String env;

    @Option(names = "--tasks", paramLabel = "FILE", description = "a data-set environment's tasks from FILE (same format)")
    Path tasks;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where default data sets live (default: LYCEUM_DATA or ../shared/data)")
    Path dataDir;

    @Option(names = "--sandbox", defaultValue = "bwrap", paramLabel = "bwrap|none", description = "sandbox for code environments (default: ${DEFAULT-VALUE})")
    String sandbox;

    @Option(names = "--difficulty", paramLabel = "D", description = "a procedural environment's difficulty knob (default: its own)")
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

    @Option(names = "--prompts", defaultValue = "16", paramLabel = "P", description = "RL prompts per step (default: ${DEFAULT-VALUE})")
    int prompts;

    @Option(names = "--group", defaultValue = "8", paramLabel = "G", description = "RL rollouts per prompt (default: ${DEFAULT-VALUE})")
    int group;

    @Option(names = "--max-tokens", defaultValue = "0", paramLabel = "N", description = "new tokens per turn (default: the environment's)")
    int maxTokens;

    @Option(names = "--aggregation", defaultValue = "sequence-mean", paramLabel = "sequence-mean|token-mean|dr-grpo",
            description = "RL loss aggregation (default: ${DEFAULT-VALUE})")
    String aggregation;

    @Option(names = "--kl", defaultValue = "0", paramLabel = "BETA", description = "KL coefficient to the initial model (default: ${DEFAULT-VALUE})")
    double kl;

    @Option(names = "--no-dynamic-sampling", description = "keep groups whose rollouts all agree (they carry no advantage)")
    boolean noDynamicSampling;

    @Option(names = "--refill", defaultValue = "0", paramLabel = "R",
            description = "draw up to R more rounds of prompts while fewer groups than --prompts are trainable (default: ${DEFAULT-VALUE})")
    int refill;

    @Option(names = "--max-guided", defaultValue = "0", paramLabel = "K", description = "guide: re-roll at most K failed prompts per step (default: all)")
    int maxGuided;

    @Option(names = "--guided-samples", defaultValue = "8", paramLabel = "N", description = "guide: rollouts per guided prompt (default: ${DEFAULT-VALUE})")
    int guidedSamples;

    @Option(names = "--teacher", defaultValue = "reference", paramLabel = "reference|openai",
            description = "guide: who plays the teacher (default: ${DEFAULT-VALUE}, the hint each task carries)")
    String teacher;

    @Option(names = "--teacher-base-url", paramLabel = "URL", description = "teacher server base URL including /v1")
    String teacherBaseUrl;

    @Option(names = "--teacher-model", paramLabel = "M", description = "teacher model name")
    String teacherModel;

    @Option(names = "--eval-every", defaultValue = "10", paramLabel = "N", description = "held-out greedy pass@1 every N steps (default: ${DEFAULT-VALUE})")
    int evalEvery;

    @Option(names = "--heldout", defaultValue = "256", paramLabel = "N",
            description = "held-out tasks of a data-set environment (default: ${DEFAULT-VALUE}; procedural ones keep their own)")
    int heldOut;

    @Option(names = "--save-every", defaultValue = "50", paramLabel = "N", description = "checkpoint every N steps (default: ${DEFAULT-VALUE})")
    int saveEvery;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "libtorch threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "run directory")
    Path out;

    @Option(names = "--resume", description = "continue the run in DIR from its last checkpoint")
    boolean resume;

    private static final String SETTINGS = "train.settings";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() throws Exception {
        // Everything the user can get wrong is checked before anything is created.
        if (!java.util.Set.of("sft", "grpo", "guide").contains(algo)) {
            throw new IllegalArgumentException("--algo must be sft, grpo or guide, was " + algo);
        }
        if (steps < 1 || evalEvery < 1 || saveEvery < 1) throw new IllegalArgumentException("--steps, --eval-every and --save-every must be positive");
        if (init != null && !Files.isRegularFile(init.resolve(Checkpoint.WEIGHTS))) {
            throw new IllegalArgumentException("--init " + init + ": not a checkpoint directory (no " + Checkpoint.WEIGHTS + ")");
        }
        if (algo.equals("guide")) checkTeacher();
        String settings = JSON.writeValueAsString(settings());
        var resumeFrom = resume ? TrainingRun.latestCheckpoint(out) : Optional.<Path>empty();
        if (resume && resumeFrom.isEmpty()) throw new IllegalArgumentException("--resume: " + out + " holds no checkpoint to resume from");
        if (!resume && (Files.exists(out.resolve(RunStore.FILE_NAME)) || TrainingRun.latestCheckpoint(out).isPresent())) {
            throw new IllegalArgumentException(out + " already holds a run; continue it with --resume or choose another --out");
        }
        Environment environment = Environments.create(env, Optional.ofNullable(tasks), new Environments.Options(
                dataDir != null ? dataDir : Environments.defaultDataDir(), sandbox,
                difficulty == null ? OptionalInt.empty() : OptionalInt.of(difficulty)));
        if (algo.equals("sft") && !(environment instanceof ProceduralEnvironment)) {
            throw new IllegalArgumentException("--algo sft needs a warm-start corpus, which only procedural environments have");
        }
        Torch.setThreads(threads);
        var trainingTasks = TrainingTasks.of(environment, heldOut);
        var format = PromptFormat.of(environment);
        int answerTokens = maxTokens > 0 ? maxTokens : environment instanceof ProceduralEnvironment p ? p.maxTokens() : 256;
        var card = new PolicyCard(format, environment.name(), answerTokens);
        var summary = new LinkedHashMap<String, Object>();
        long started = System.nanoTime();
        try (environment;
             var store = RunStore.open(out);
             var teacherPolicy = teacherPolicy();
             var student = new EmbeddedPolicy(resumeFrom.map(Checkpoint::load).orElseGet(this::initialModel), format,
                     answerTokens, 1024, seed);
             var progress = new TrainingProgress("train " + algo, steps, System.out)) {
            var recorded = store.meta(SETTINGS);
            if (recorded.isPresent() && !recorded.get().equals(settings)) {
                throw new IllegalArgumentException("--resume: " + out + " was trained with other settings:\n" + recorded.get());
            }
            store.putMeta(SETTINGS, settings);
            Map<String, Policy> others = algo.equals("guide") ? Map.of(Role.TEACHER, teacherPolicy) : Map.of();
            var run = new TrainingRun(out, store, student, environment, Map.of(), trainingTasks.heldOut(), card,
                    new TrainingRun.Settings(algo, steps, evalEvery, saveEvery, maxTokens));
            TrainingRun.Steps trainingSteps = algo.equals("sft") ? sft(student, (ProceduralEnvironment) environment)
                    : rl(student, environment, trainingTasks, format, store, others, answerTokens);
            int from = 0;
            if (resumeFrom.isPresent()) {
                from = TrainingRun.nextStep(resumeFrom.get());
                TrainingRun.restoreOptimizer(resumeFrom.get(), trainingSteps.optimizer());
                progress.skip(from);
                progress.note("resumed from " + resumeFrom.get() + " at step " + from);
            } else {
                store.putMeta("train.heldout_pass1_start", Double.toString(run.evaluate(0)));
            }
            var rollouts = new AtomicLong();
            var updates = new AtomicLong();
            var last = new double[] {Double.NaN};
            run.run(trainingSteps, from, (step, outcome, held) -> {
                if (outcome.metrics().get("rollouts_sampled") instanceof Number n) rollouts.addAndGet(n.longValue());
                if (outcome.metrics().get("updates") instanceof Number n) updates.addAndGet(n.longValue());
                held.ifPresent(p -> last[0] = p);
                progress.step(outcome.summary() + (held.isPresent()
                        ? String.format(Locale.ROOT, ", held-out %.3f", held.getAsDouble()) : ""));
            });
            summary.put("env", env);
            summary.put("algo", algo);
            summary.put("steps", steps);
            summary.put("seed", seed);
            summary.put("heldout_pass1_start", store.meta("train.heldout_pass1_start").map(Double::parseDouble)
                    .filter(Double::isFinite).orElse(null)); // NaN: nothing was scored
            summary.put("heldout_pass1_end", Double.isFinite(last[0]) ? last[0] : null);
            summary.put("rollouts_sampled", rollouts.get());
            summary.put("updates", updates.get());
            summary.put("resumed_at", resumeFrom.isPresent() ? from : null);
        }
        summary.put("wall_s", (System.nanoTime() - started) / 1e9);
        JSON.writeValue(out.resolve("summary.json").toFile(), summary);
        System.out.printf(Locale.ROOT, "%s on %s: held-out greedy pass@1 %s -> %s in %.1f s; checkpoint %s%n", algo, env,
                passAt1(summary.get("heldout_pass1_start")), passAt1(summary.get("heldout_pass1_end")), summary.get("wall_s"),
                out.resolve(TrainingRun.CHECKPOINT));
        return 0;
    }

    private static String passAt1(Object value) {
        return value instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : "n/a (nothing scored)";
    }

    /** What a resumed run must match: everything that changes what the run computes. */
    private Map<String, Object> settings() {
        var s = new LinkedHashMap<String, Object>();
        s.put("env", env);
        s.put("tasks", tasks == null ? null : tasks.toAbsolutePath().normalize().toString());
        s.put("difficulty", difficulty);
        s.put("algo", algo);
        s.put("init", init == null ? null : init.toAbsolutePath().normalize().toString());
        s.put("model", model);
        s.put("steps", steps);
        s.put("seed", seed);
        s.put("lr", lr);
        s.put("prompts", prompts);
        s.put("group", group);
        s.put("max_tokens", maxTokens);
        s.put("aggregation", aggregation);
        s.put("kl", kl);
        s.put("dynamic_sampling", !noDynamicSampling);
        s.put("refill", refill);
        s.put("max_guided", maxGuided);
        s.put("guided_samples", guidedSamples);
        s.put("teacher", algo.equals("guide") ? teacher + (teacherModel == null ? "" : ":" + teacherModel) : null);
        s.put("eval_every", evalEvery);
        s.put("heldout", heldOut);
        return s;
    }

    private Transformer initialModel() {
        return init != null ? CheckpointFiles.load("--init", init) : Transformer.initialize(ModelConfig.named(model), seed);
    }

    private TrainingRun.Steps sft(EmbeddedPolicy student, ProceduralEnvironment environment) throws InterruptedException {
        var defaults = SftConfig.defaults(steps, seed);
        var config = lr == null ? defaults : new SftConfig(steps, defaults.batch(),
                new LrSchedule(lr, defaults.schedule().warmupSteps(), steps, 0.1), defaults.adam(), defaults.guidedFraction(), seed);
        SftTrainer trainer = student.withModel(m -> new SftTrainer(m, environment, config));
        return new TrainingRun.Steps() {
            @Override
            public TrainingRun.Outcome step(int step) throws InterruptedException {
                return TrainingRecords.sft(student.withModel(m -> trainer.step(step)));
            }

            @Override
            public TrainingStep optimizer() { return trainer.optimizer(); }
        };
    }

    private TrainingRun.Steps rl(EmbeddedPolicy student, Environment environment, TrainingTasks trainingTasks,
            PromptFormat format, RunStore store, Map<String, Policy> others, int answerTokens) throws Exception {
        var algorithm = algo.equals("guide") ? RlConfig.Algorithm.GUIDE : RlConfig.Algorithm.GRPO;
        var loss = PolicyLossConfig.guide(answerTokens).withKl(kl).withAggregation(switch (aggregation) {
            case "sequence-mean" -> PolicyLossConfig.Aggregation.SEQUENCE_MEAN;
            case "token-mean" -> PolicyLossConfig.Aggregation.TOKEN_MEAN;
            case "dr-grpo" -> PolicyLossConfig.Aggregation.DR_GRPO;
            default -> throw new IllegalArgumentException("--aggregation must be sequence-mean, token-mean or dr-grpo");
        });
        var config = RlConfig.defaults(algorithm, answerTokens, seed).withLoss(loss)
                .withFilters(!noDynamicSampling, !aggregation.equals("dr-grpo")).withGroups(prompts, group)
                .withRefill(refill).withGuidedBudget(maxGuided, guidedSamples).withMaxTokens(maxTokens);
        if (lr != null) config = config.withLr(lr);
        Optional<Transformer> reference = kl > 0 ? Optional.of(initialModel()) : Optional.empty();
        var trainer = new RlTrainer(student, format, reference, environment, trainingTasks,
                Optional.ofNullable(others.get(Role.TEACHER)), config, store, algo);
        return new TrainingRun.Steps() {
            @Override
            public TrainingRun.Outcome step(int step) throws InterruptedException { return TrainingRecords.rl(trainer.step(step)); }

            @Override
            public TrainingStep optimizer() throws InterruptedException { return trainer.optimizer(); }
        };
    }

    private void checkTeacher() {
        switch (teacher) {
            case "reference" -> {}
            case "openai" -> {
                if (teacherBaseUrl == null || teacherModel == null) {
                    throw new IllegalArgumentException("--teacher openai needs --teacher-base-url URL and --teacher-model M");
                }
            }
            default -> throw new IllegalArgumentException("--teacher must be reference or openai, was " + teacher);
        }
    }

    /** The policy playing the teacher: the task's own hint, or a model server; closed after training. */
    private Policy teacherPolicy() {
        return teacher.equals("openai") && algo.equals("guide")
                ? new OpenAiPolicy(OpenAiConfig.of(teacherBaseUrl, teacherModel)) : new ReferenceTeacher();
    }
}
