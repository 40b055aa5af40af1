package ai.lyceum.train;

import ai.lyceum.env.Environment;
import ai.lyceum.policy.Policy;
import ai.lyceum.run.RunStore;
import ai.lyceum.task.Task;
import ai.lyceum.train.model.Checkpoint;
import ai.lyceum.train.optim.TrainingStep;
import ai.lyceum.train.policy.EmbeddedPolicy;
import ai.lyceum.train.policy.PolicyCard;
import ai.lyceum.train.rl.HeldOutEvaluation;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One training run's step loop: each step's update, held-out evaluation every few steps (an ordinary evaluation
 * through the engine), run-store records, and checkpoints that make the run resumable. A checkpoint holds the
 * weights, the optimiser's state and the next step; everything random in a step derives from the seed and the
 * step number, so a run resumed from a checkpoint after {@code kill -9} records each step once and ends where an
 * uninterrupted run ends.
 *
 * <p>Checkpoints are written whole into {@code checkpoint.tmp} and swapped in by renames; the previous one is kept
 * as {@code checkpoint.prev} until the swap is done, so a crash at any moment leaves one complete checkpoint.
 */
public final class TrainingRun {
    public static final String CHECKPOINT = "checkpoint";
    static final String STATE = "trainer.json";
    static final String OPTIMIZER = "optimizer.safetensors";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One kind of training, an update per step. */
    public interface Steps {
        /** Runs step {@code step}: its update, and what to record of it. */
        Outcome step(int step) throws InterruptedException;

        /** The optimiser whose state a checkpoint keeps; called on the model's thread. */
        TrainingStep optimizer() throws InterruptedException;
    }

    /**
     * What a step did.
     *
     * @param metrics  by name, as {@code train_steps} keeps them
     * @param guidance each use of the teacher
     * @param summary  a few words for a progress line
     */
    public record Outcome(Map<String, Object> metrics, List<RunStore.GuidanceRecord> guidance, String summary) {}

    /**
     * @param run       names the run's rows in the store
     * @param steps     steps in the whole run
     * @param evalEvery held-out evaluation after every this many steps (and after the last)
     * @param saveEvery checkpoint after every this many steps (and after the last); 0 writes none
     * @param maxTokens new tokens per turn in held-out evaluations; 0 keeps what the environment asks for
     */
    public record Settings(String run, int steps, int evalEvery, int saveEvery, int maxTokens) {
        public Settings(String run, int steps, int evalEvery, int saveEvery) { this(run, steps, evalEvery, saveEvery, 0); }

        public Settings {
            if (steps < 1 || evalEvery < 1 || saveEvery < 0 || maxTokens < 0) {
                throw new IllegalArgumentException("steps and the evaluation interval must be positive; got " + steps
                        + ", " + evalEvery);
            }
        }
    }

    /** Told about each finished step, from the training thread. */
    public interface Listener {
        void step(int step, Outcome outcome, OptionalDouble heldOut);
    }

    private final Path dir;
    private final RunStore store;
    private final EmbeddedPolicy student;
    private final Environment environment;
    private final Map<String, Policy> others;
    private final List<Task> heldOut;
    private final PolicyCard card;
    private final Settings settings;

    /**
     * @param dir    the run directory: checkpoints go to {@code dir/checkpoint}
     * @param others plays the environment's roles other than the student's in held-out evaluations
     */
    public TrainingRun(Path dir, RunStore store, EmbeddedPolicy student, Environment environment,
            Map<String, Policy> others, List<Task> heldOut, PolicyCard card, Settings settings) {
        this.dir = dir;
        this.store = store;
        this.student = student;
        this.environment = environment;
        this.others = Map.copyOf(others);
        this.heldOut = List.copyOf(heldOut);
        this.card = card;
        this.settings = settings;
    }

    /** Greedy held-out pass@1 now, recorded in scope {@code RUN/eval-step-NNNNNN}. */
    public double evaluate(int afterSteps) throws InterruptedException {
        var scope = store.scope(settings.run() + String.format(Locale.ROOT, "/eval-step-%06d", afterSteps));
        return HeldOutEvaluation.greedy(student, environment, others, heldOut, scope, settings.maxTokens()).mean();
    }

    /** Runs steps {@code from} to the end; {@code from} is 0, or a resumed checkpoint's {@link #nextStep}. */
    public void run(Steps steps, int from, Listener listener) throws InterruptedException {
        for (int step = from; step < settings.steps(); step++) {
            Outcome outcome = steps.step(step);
            boolean last = step + 1 == settings.steps();
            var held = (step + 1) % settings.evalEvery() == 0 || last ? OptionalDouble.of(evaluate(step + 1))
                    : OptionalDouble.empty();
            var metrics = new java.util.LinkedHashMap<>(outcome.metrics());
            held.ifPresent(p -> metrics.put("heldout_pass1", Double.isFinite(p) ? p : null)); // NaN: nothing was scored
            store.recordTrainStep(settings.run(), step, metrics, outcome.guidance());
            if (settings.saveEvery() > 0 && ((step + 1) % settings.saveEvery() == 0 || last)) save(steps, step + 1);
            listener.step(step, outcome, held);
        }
    }

    /** Writes a whole checkpoint of the model and optimiser, to resume at {@code nextStep}. */
    private void save(Steps steps, int nextStep) throws InterruptedException {
        Path tmp = dir.resolve(CHECKPOINT + ".tmp"), target = dir.resolve(CHECKPOINT), prev = dir.resolve(CHECKPOINT + ".prev");
        TrainingStep optimizer = steps.optimizer();
        try {
            deleteTree(tmp);
            student.withModel(m -> {
                Checkpoint.save(m, tmp);
                optimizer.save(tmp.resolve(OPTIMIZER));
                return null;
            });
            card.save(tmp);
            var state = new java.util.LinkedHashMap<String, Object>();
            state.put("run", settings.run());
            state.put("next_step", nextStep);
            state.put("updates", optimizer.steps());
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve(STATE).toFile(), state);
            deleteTree(prev);
            if (Files.exists(target)) Files.move(target, prev, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(prev);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint in " + dir, e);
        }
    }

    /** The checkpoint a resumed run starts from: {@code dir/checkpoint}, or the previous one if a swap was cut short. */
    public static Optional<Path> latestCheckpoint(Path dir) {
        for (String name : List.of(CHECKPOINT, CHECKPOINT + ".prev")) {
            Path c = dir.resolve(name);
            if (Files.isRegularFile(c.resolve(STATE))) return Optional.of(c);
        }
        return Optional.empty();
    }

    /** The step a run resumed from {@code checkpoint} continues with. */
    public static int nextStep(Path checkpoint) { return state(checkpoint).get("next_step").asInt(); }

    /** Restores the optimiser's state from a checkpoint written by a run (a warm-start checkpoint has none). */
    public static OptionalInt restoreOptimizer(Path checkpoint, TrainingStep optimizer) {
        if (!Files.isRegularFile(checkpoint.resolve(STATE))) return OptionalInt.empty();
        int updates = state(checkpoint).get("updates").asInt();
        optimizer.load(checkpoint.resolve(OPTIMIZER), updates);
        return OptionalInt.of(updates);
    }

    private static com.fasterxml.jackson.databind.JsonNode state(Path checkpoint) {
        try {
            return JSON.readTree(checkpoint.resolve(STATE).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + checkpoint.resolve(STATE), e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
