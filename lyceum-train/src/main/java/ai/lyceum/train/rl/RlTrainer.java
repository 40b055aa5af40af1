package ai.lyceum.train.rl;

import ai.lyceum.env.Environment;
import ai.lyceum.env.Role;
import ai.lyceum.env.Trajectory;
import ai.lyceum.env.guide.GuidedEnvironment;
import ai.lyceum.env.guide.OncePerTask;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.Sampling;
import ai.lyceum.policy.SamplingOverride;
import ai.lyceum.rollout.Rollout;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import ai.lyceum.task.Task;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.LrSchedule;
import ai.lyceum.train.optim.StepStats;
import ai.lyceum.train.optim.TrainingStep;
import ai.lyceum.train.policy.EmbeddedPolicy;
import ai.lyceum.train.policy.PromptFormat;
import ai.lyceum.train.rl.RlConfig.Algorithm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * GRPO and Guide-GRPO on the embedded model, on any core {@link Environment}: training is evaluation plus an
 * update. A step:
 * <ol>
 *   <li>draws prompts (the same for every algorithm at a given seed and step) and asks the {@link RolloutEngine}
 *       for G rollouts of each, every role played by the student;</li>
 *   <li>Guide only: every prompt whose scored rollouts all failed is re-posed in a {@link GuidedEnvironment}: the
 *       teacher (a role, any {@link Policy}) speaks once, and the student answers G times with the guidance in
 *       context; the failed plain group is dropped;</li>
 *   <li>keeps groups with mixed outcomes (dynamic sampling) and normalises advantages within each group; a rollout
 *       whose reward failed is counted and left out, never scored 0;</li>
 *   <li>with refill on, draws more prompts while fewer groups than prompts per step are trainable;</li>
 *   <li>takes old log-probs once, before any update, under the context that generated each response;</li>
 *   <li>updates on mini-batches of whole groups, new log-probs always under the plain context; the loss covers
 *       the trained roles' tokens only.</li>
 * </ol>
 * Every rollout lands in the run store beside an evaluation's, in scope {@code RUN/step-NNNNNN[/rK][/guided]}.
 */
public final class RlTrainer {
    private static final Duration ROLLOUT_TIMEOUT = Duration.ofMinutes(10);
    /** Teachers that are models answer in a few sentences; programmatic ones ignore this. */
    private static final Sampling TEACHER_SAMPLING = Sampling.DEFAULT.withMaxTokens(256);
    private static final int MAX_ATTEMPT_CHARS = 2000;

    private final EmbeddedPolicy student;
    private final PromptFormat format;
    private final Optional<Transformer> reference;
    private final Environment environment;
    private final TrainingTasks tasks;
    private final Optional<Policy> teacher;
    private final RlConfig config;
    private final RunStore store;
    private final String run;
    private final Set<String> trainedRoles;
    private final PolicyLoss loss;
    private TrainingStep update; // made on the model's thread at the first update

    /** Trains the environment's first role, the one evaluations report on. */
    public RlTrainer(EmbeddedPolicy student, PromptFormat format, Optional<Transformer> reference,
            Environment environment, TrainingTasks tasks, Optional<Policy> teacher, RlConfig config, RunStore store,
            String run) {
        this(student, format, reference, environment, tasks, teacher, config, store, run, Set.of(environment.roles().getFirst()));
    }

    /**
     * @param student      the trained policy; it plays every role of the environment but the teacher
     * @param reference    frozen model for the KL term; required when the loss has a KL coefficient
     * @param teacher      required for Guide-GRPO: the policy playing {@link Role#TEACHER}
     * @param run          names this run's rows in the store ({@code grpo-seed1}, say)
     * @param trainedRoles the roles whose turns the loss covers (both seats in self-play); other turns are context
     */
    public RlTrainer(EmbeddedPolicy student, PromptFormat format, Optional<Transformer> reference,
            Environment environment, TrainingTasks tasks, Optional<Policy> teacher, RlConfig config, RunStore store,
            String run, Set<String> trainedRoles) {
        if (config.algorithm() == Algorithm.GUIDE && teacher.isEmpty()) {
            throw new IllegalArgumentException("Guide-GRPO needs a teacher");
        }
        if (config.loss().klCoef() > 0 && reference.isEmpty()) {
            throw new IllegalArgumentException("a KL coefficient needs a reference model");
        }
        this.student = student;
        this.format = format;
        this.reference = reference;
        this.environment = environment;
        this.tasks = tasks;
        this.teacher = teacher;
        this.config = config;
        this.store = store;
        this.run = run;
        if (trainedRoles.isEmpty() || !environment.roles().containsAll(trainedRoles) || trainedRoles.contains(Role.TEACHER)) {
            throw new IllegalArgumentException("trained roles " + trainedRoles + " must be roles of " + environment.name()
                    + " " + environment.roles() + ", and never the frozen teacher");
        }
        this.trainedRoles = Set.copyOf(trainedRoles);
        this.loss = new PolicyLoss(config.loss());
    }

    public RlConfig config() { return config; }

    /** Runs the optimiser's update on the model's thread; the trainer makes it there on first use. */
    public TrainingStep optimizer() throws InterruptedException {
        return student.withModel(m -> {
            if (update == null) update = new TrainingStep(m, config.adam(), LrSchedule.constant(config.lr()), config.maxGradNorm());
            return update;
        });
    }

    /** The prompts of round 0 of step {@code step}: a function of the seed and the step only. */
    public List<Task> prompts(int step) { return tasks.draw(config.seed(), step, 0, config.promptsPerStep()); }

    /** Runs step {@code step}: rollouts, guided re-rolls, and the updates. */
    public StepReport step(int step) throws InterruptedException {
        long started = System.nanoTime();
        Rollouts r = rollouts(step);
        Updates u = r.sequences().isEmpty() ? Updates.NONE : train(r.sequences(), step);
        long guided = r.sequences().stream().filter(s -> !s.onPolicy()).count();
        double[] gammas = u.gammas();
        int guidedKept = (int) r.guidance().stream().filter(RunStore.GuidanceRecord::trained).count();
        int trained = r.sequences().size();
        return new StepReport(step, r.prompts(), r.plainAccuracy(), r.allFailedShare(), r.guidance().size(), guidedKept,
                r.hintedAccuracy(), trained, trained == 0 ? 0 : (double) guided / trained,
                percentile(gammas, 0.1), percentile(gammas, 0.5), percentile(gammas, 0.9), u.shapedMean(),
                u.clipFraction(), u.kl(), u.loss(), u.gradNorm(), r.teacherFailures(), r.cost(), u.updates(),
                r.failedRollouts(), (System.nanoTime() - started) / 1e9, r.guidance());
    }

    /** What a step's sampling produced, before any update. */
    record Rollouts(int prompts, List<RlSequence> sequences, double plainAccuracy, double allFailedShare,
            double hintedAccuracy, int teacherFailures, int failedRollouts, StepReport.Cost cost,
            List<RunStore.GuidanceRecord> guidance) {}

    /** Samples step {@code step}'s plain groups and, for Guide, the guided re-rolls; keeps the trainable groups. */
    Rollouts rollouts(int step) throws InterruptedException {
        var sequences = new ArrayList<RlSequence>();
        var uses = new ArrayList<RunStore.GuidanceRecord>();
        int prompts = 0, allFailed = 0, teacherFailures = 0, failedRollouts = 0, plainRollouts = 0, guidedRollouts = 0,
                teacherCalls = 0, trainableGroups = 0, group = 0;
        double plainSum = 0, hintedSum = 0;
        int plainScored = 0, hintedScored = 0;
        for (int round = 0; round <= config.refillRounds() && (round == 0 || trainableGroups < config.promptsPerStep()); round++) {
            String scope = run + String.format(Locale.ROOT, "/step-%06d", step) + (round == 0 ? "" : "/r" + round);
            List<Task> drawn = tasks.draw(config.seed(), step, round, config.promptsPerStep());
            int g = config.groupSize();
            List<Rollout> plain = collect(environment, Map.of(), drawn, g, store.scope(scope), mix(config.seed(), step, 1 + 16 * round));
            prompts += drawn.size();
            plainRollouts += plain.size();
            var failedAttempts = new LinkedHashMap<String, List<String>>();
            var failedTasks = new ArrayList<Task>();
            for (int p = 0; p < drawn.size(); p++) {
                Task task = drawn.get(p);
                var groupRollouts = plain.subList(p * g, (p + 1) * g);
                var scored = scored(groupRollouts);
                failedRollouts += g - scored.size();
                double sum = scored.stream().mapToDouble(x -> x.reward().orElseThrow()).sum();
                plainSum += sum;
                plainScored += scored.size();
                boolean failed = !scored.isEmpty() && sum == 0;
                if (failed) allFailed++;
                boolean reRolled = failed && config.algorithm() == Algorithm.GUIDE
                        && (config.maxGuided() == 0 || failedTasks.size() < config.maxGuided());
                if (reRolled) {
                    failedTasks.add(task);
                    failedAttempts.put(task.id(), groupRollouts.stream()
                            .map(x -> x.trajectory().lastBy(trainedRole()).map(c -> c.text()).orElse("")).toList());
                } else if (!config.dynamicSampling() || mixed(scored)) {
                    if (addGroup(sequences, group++, task, scored, true)) trainableGroups++;
                }
            }
            if (failedTasks.isEmpty()) continue;
            var onceEach = new OncePerTask(teacher.orElseThrow());
            var guidedEnv = new GuidedEnvironment(environment, failedAttempts, TEACHER_SAMPLING, MAX_ATTEMPT_CHARS);
            int gg = config.guidedGroupSize();
            List<Rollout> guided = collect(guidedEnv, Map.of(Role.TEACHER, onceEach), failedTasks, gg,
                    store.scope(scope + "/guided"), mix(config.seed(), step, 2 + 16 * round));
            teacherCalls += onceEach.generations();
            for (int i = 0; i < failedTasks.size(); i++) {
                Task task = failedTasks.get(i);
                var groupRollouts = guided.subList(i * gg, (i + 1) * gg);
                var spoke = groupRollouts.stream().flatMap(x -> x.trajectory().turns().stream())
                        .filter(t -> t.role().equals(Role.TEACHER)).findFirst();
                if (spoke.isEmpty()) { // the teacher failed: nothing was guided
                    teacherFailures++;
                    continue;
                }
                var scored = scored(groupRollouts);
                guidedRollouts += (int) groupRollouts.stream().filter(x -> x.trajectory().lastBy(trainedRole()).isPresent()).count();
                failedRollouts += gg - scored.size();
                double sum = scored.stream().mapToDouble(x -> x.reward().orElseThrow()).sum();
                hintedSum += sum;
                hintedScored += scored.size();
                boolean keep = mixed(scored);
                if (keep && addGroup(sequences, group++, task, scored, false)) trainableGroups++;
                uses.add(new RunStore.GuidanceRecord(task.id(), onceEach.describe(), spoke.get().completion().text().strip(),
                        scored.isEmpty() ? Double.NaN : sum / scored.size(), keep));
            }
        }
        var cost = new StepReport.Cost(plainRollouts, guidedRollouts, teacherCalls);
        return new Rollouts(prompts, sequences, plainScored == 0 ? Double.NaN : plainSum / plainScored,
                (double) allFailed / prompts, hintedScored == 0 ? Double.NaN : hintedSum / hintedScored,
                teacherFailures, failedRollouts, cost, uses);
    }

    /** G rollouts of each task through the engine, in lockstep so a step batches the same way on every run. */
    private List<Rollout> collect(Environment env, Map<String, Policy> others, List<Task> batch, int samples,
            ai.lyceum.rollout.RolloutLog log, long seed) throws InterruptedException {
        var sampling = new SamplingOverride(student, Optional.of(config.temperature()), Optional.of(config.topP()),
                config.maxTokens() == 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(config.maxTokens()), true);
        var policies = new HashMap<String, Policy>(others);
        for (String role : env.roles()) policies.putIfAbsent(role, sampling);
        var engine = new RolloutEngine(env, policies, log,
                new RolloutEngine.Options(samples, batch.size() * samples, seed, ROLLOUT_TIMEOUT));
        return student.collect(engine, batch);
    }

    private String trainedRole() { return environment.roles().getFirst(); }

    private static List<Rollout> scored(List<Rollout> group) {
        return group.stream().filter(r -> r.failure().isEmpty()).toList();
    }

    /**
     * Adds a group's trained-role turns as sequences with their rollout's advantage; false when it has none. Each
     * trained role is normalised on its own rewards (the two seats of a zero-sum game get opposite ones). In a
     * guided rollout the student's first turn after the teacher's was generated under the guidance and is trained
     * under the plain prompt.
     */
    private boolean addGroup(List<RlSequence> out, int group, Task task, List<Rollout> rollouts, boolean plain) {
        if (rollouts.size() < 2) return false;
        var advantages = new HashMap<String, double[]>();
        var rewards = new HashMap<String, double[]>();
        for (String role : trainedRoles) {
            double[] r = rollouts.stream().mapToDouble(x -> rewardOf(x, role)).toArray();
            rewards.put(role, r);
            advantages.put(role, Advantages.group(r, config.scaleByStd()));
        }
        int before = out.size();
        int[] plainPrompt = format.render(task.prompt());
        for (int i = 0; i < rollouts.size(); i++) {
            boolean afterTeacher = false;
            for (Trajectory.Turn turn : rollouts.get(i).trajectory().turns()) {
                if (turn.role().equals(Role.TEACHER)) {
                    afterTeacher = true;
                    continue;
                }
                if (!trainedRoles.contains(turn.role())) continue;
                int[] response = turn.completion().tokens().orElseThrow(() -> new IllegalStateException(
                        "the student returned no token ids for " + task.id())).ids();
                int[] behavior = format.render(turn.observation());
                boolean guidedTurn = !plain && afterTeacher;
                out.add(new RlSequence(group, task.id(), guidedTurn ? plainPrompt : behavior, behavior, response,
                        rewards.get(turn.role())[i], advantages.get(turn.role())[i], !guidedTurn));
                afterTeacher = false;
            }
        }
        return out.size() > before;
    }

    /** A scored rollout's reward for {@code role}; the primary role's when the episode gave that role none. */
    private static double rewardOf(Rollout rollout, String role) {
        var r = rollout.rewards().get(role);
        return r != null && r.failure().isEmpty() ? r.value() : rollout.reward().orElseThrow();
    }

    /**
     * One step's updates on sequences a caller built itself (a proposer/solver loop with its own baselines, say):
     * the same path as {@link #step}'s, old log-probs taken once, then mini-batches of whole groups.
     */
    public UpdateSummary update(List<RlSequence> sequences, int step) throws InterruptedException {
        if (sequences.isEmpty()) return new UpdateSummary(Double.NaN, Double.NaN, 0);
        Updates u = train(sequences, step);
        return new UpdateSummary(u.loss(), u.gradNorm(), u.updates());
    }

    /** What {@link #update} did: mean loss and gradient norm over its optimiser updates (NaN when none). */
    public record UpdateSummary(double loss, double gradNorm, int updates) {}

    record Updates(double loss, double gradNorm, double[] gammas, double shapedMean, double clipFraction,
            double kl, int updates) {
        static final Updates NONE = new Updates(Double.NaN, Double.NaN, new double[0], Double.NaN, Double.NaN, 0, 0);
    }

    Updates train(List<RlSequence> sequences, int step) throws InterruptedException {
        var behavior = sequences.stream().map(RlSequence::behaviorPrompt).toList();
        var plan = sequences.stream().map(RlSequence::planPrompt).toList();
        var responses = sequences.stream().map(RlSequence::response).toList();
        var optimizer = optimizer();
        return student.withModel(model -> {
            List<double[]> old = model.logprobs(behavior, responses); // once, before any update
            List<double[]> ref = reference.map(r -> r.logprobs(plan, responses)).orElse(null);

            // Mini-batches of whole groups, in a seeded shuffled order.
            var groups = new ArrayList<List<Integer>>();
            int current = Integer.MIN_VALUE;
            for (int i = 0; i < sequences.size(); i++) {
                if (sequences.get(i).group() != current) {
                    groups.add(new ArrayList<>());
                    current = sequences.get(i).group();
                }
                groups.getLast().add(i);
            }
            Collections.shuffle(groups, new Random(mix(config.seed(), step, 3)));
            int batches = Math.min(config.miniBatches(), groups.size());
            double lossSum = 0, normSum = 0, shapedSum = 0, clipSum = 0, klSum = 0;
            int shapedN = 0, clipN = 0;
            var gammas = new ArrayList<Double>();
            for (int b = 0; b < batches; b++) {
                var rows = new ArrayList<Integer>();
                for (int k = b; k < groups.size(); k += batches) rows.addAll(groups.get(k));
                var inputs = inputs(rows, sequences, old, ref);
                var stats = new PolicyLoss.Stats[1];
                StepStats s = optimizer.step(m -> {
                    var result = loss.compute(m.responseLogprobs(pick(plan, rows), pick(responses, rows)), inputs);
                    stats[0] = result.stats();
                    return result.loss();
                });
                lossSum += s.loss();
                normSum += s.gradNorm();
                for (double x : stats[0].gammas()) gammas.add(x);
                if (!Double.isNaN(stats[0].shapedMean())) { shapedSum += stats[0].shapedMean(); shapedN++; }
                if (!Double.isNaN(stats[0].clipFraction())) { clipSum += stats[0].clipFraction(); clipN++; }
                klSum += stats[0].klMean();
            }
            return new Updates(lossSum / batches, normSum / batches, gammas.stream().mapToDouble(Double::doubleValue).toArray(),
                    shapedN == 0 ? Double.NaN : shapedSum / shapedN, clipN == 0 ? Double.NaN : clipSum / clipN,
                    klSum / batches, batches);
        });
    }

    private static PolicyLoss.Inputs inputs(List<Integer> rows, List<RlSequence> sequences, List<double[]> old,
            List<double[]> ref) {
        int b = rows.size(), width = 1;
        for (int r : rows) width = Math.max(width, sequences.get(r).response().length);
        float[] oldFlat = new float[b * width], mask = new float[b * width], refFlat = ref == null ? null : new float[b * width];
        double[] adv = new double[b];
        boolean[] on = new boolean[b];
        for (int i = 0; i < b; i++) {
            int r = rows.get(i);
            double[] o = old.get(r);
            for (int t = 0; t < o.length; t++) {
                oldFlat[i * width + t] = (float) o[t];
                mask[i * width + t] = 1f;
                if (refFlat != null) refFlat[i * width + t] = (float) ref.get(r)[t];
            }
            adv[i] = sequences.get(r).advantage();
            on[i] = sequences.get(r).onPolicy();
        }
        return new PolicyLoss.Inputs(oldFlat, mask, adv, on, Optional.ofNullable(refFlat));
    }

    private static boolean mixed(List<Rollout> scored) {
        for (var r : scored) if (!r.reward().equals(scored.getFirst().reward())) return true;
        return false;
    }

    private static <T> List<T> pick(List<T> items, List<Integer> rows) { return rows.stream().map(items::get).toList(); }

    private static double percentile(double[] values, double q) {
        return values.length == 0 ? Double.NaN : PolicyLoss.quantile(values, q);
    }

    /** A well-spread seed from (seed, step, purpose). */
    public static long mix(long seed, int step, int purpose) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + purpose * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
