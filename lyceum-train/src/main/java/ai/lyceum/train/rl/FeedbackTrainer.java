package ai.lyceum.train.rl;

import ai.lyceum.env.Environment;
import ai.lyceum.env.Role;
import ai.lyceum.env.Trajectory;
import ai.lyceum.env.feedback.FeedbackEnvironment;
import ai.lyceum.env.feedback.GuidanceKind;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.Sampling;
import ai.lyceum.policy.SamplingOverride;
import ai.lyceum.rollout.Rollout;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import ai.lyceum.task.Task;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.TrainingStep;
import ai.lyceum.train.policy.EmbeddedPolicy;
import ai.lyceum.train.policy.PromptFormat;
import ai.lyceum.train.pref.DpoLoss;
import ai.lyceum.train.pref.DpoPair;
import ai.lyceum.train.pref.DpoTrainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Trains the student on its <b>unguided</b> behaviour from teacher-feedback episodes (Agent-RLVR,
 * ../shared/specs/multi-agent.md §1). A step draws the same prompts as {@link RlTrainer} at the same seed and
 * step, and runs G {@link FeedbackEnvironment} episodes of each through the engine: the student attempts; on a
 * failure the teacher gives feedback and the student retries, up to N attempts. Then one of two updates:
 * <ul>
 *   <li>{@link Update#IS} (Guide-style): one GRPO group per prompt over every student turn of its G episodes,
 *       each turn rewarded by its own attempt; first attempts are on-policy, retries were sampled with the
 *       feedback in context and are trained under the plain prompt with the importance-corrected, shaped ratio
 *       of Guide's guided sequences. A group whose turns all score alike carries no advantage and is dropped.</li>
 *   <li>{@link Update#DPO}: GRPO on the first attempts alone (what the student alone does), then one DPO update
 *       on the pairs (rejected = an episode's failed first attempt, chosen = its successful guided retry), both
 *       scored under the unguided prompt, against the frozen reference model.</li>
 * </ul>
 * Every generation counts in the step's cost: first attempts as plain rollouts, retries as guided ones, and each
 * teacher turn. Rollouts whose teacher's policy failed are counted as teacher failures and left out.
 */
public final class FeedbackTrainer {
    /** How the guided retries reach the unguided policy. */
    public enum Update {
        /** Retries trained under the plain prompt with Guide's importance correction. */
        IS,
        /** DPO on (failed first attempt, successful retry) pairs under the plain prompt. */
        DPO
    }

    /**
     * @param update      IS or DPO
     * @param maxAttempts the student's attempts per episode, the first unguided
     * @param beta        DPO's β
     */
    public record Settings(Update update, int maxAttempts, double beta) {
        public Settings {
            if (maxAttempts < 2) throw new IllegalArgumentException("feedback needs at least 2 attempts, was " + maxAttempts);
            if (!(beta > 0)) throw new IllegalArgumentException("DPO β must be > 0, was " + beta);
        }

        public static Settings of(Update update) { return new Settings(update, 2, DpoLoss.DEFAULT_BETA); }
    }

    private static final Duration ROLLOUT_TIMEOUT = Duration.ofMinutes(10);
    private static final Sampling TEACHER_SAMPLING = Sampling.DEFAULT.withMaxTokens(256);
    private static final int MAX_ATTEMPT_CHARS = 2000;

    private final EmbeddedPolicy student;
    private final PromptFormat format;
    private final Environment environment;
    private final TrainingTasks tasks;
    private final Policy teacher;
    private final RlConfig config;
    private final Settings settings;
    private final RunStore store;
    private final String run;
    private final RlTrainer updates; // the policy-gradient update and the optimiser, shared with GRPO
    private final Optional<DpoTrainer> dpo;
    private final FeedbackEnvironment episodes;
    private DpoLoss.Stats lastDpo;

    /**
     * @param retry     how a retry shows the feedback: {@code HINT} where the student was taught to read hints
     * @param reference the frozen reference model; required for DPO
     */
    public FeedbackTrainer(EmbeddedPolicy student, PromptFormat format, Environment environment, TrainingTasks tasks,
            Policy teacher, GuidanceKind kind, FeedbackEnvironment.RetryContext retry, Optional<Transformer> reference,
            RlConfig config, Settings settings, RunStore store, String run) {
        if (settings.update() == Update.DPO && reference.isEmpty()) throw new IllegalArgumentException("DPO needs a frozen reference model");
        this.student = student;
        this.format = format;
        this.environment = environment;
        this.tasks = tasks;
        this.teacher = teacher;
        this.config = config.withAlgorithm(RlConfig.Algorithm.GRPO);
        this.settings = settings;
        this.store = store;
        this.run = run;
        this.updates = new RlTrainer(student, format, Optional.empty(), environment, tasks, Optional.empty(), this.config, store, run);
        this.dpo = settings.update() == Update.DPO ? reference.map(r -> new DpoTrainer(r, settings.beta())) : Optional.empty();
        this.episodes = new FeedbackEnvironment(environment, settings.maxAttempts(), kind, retry, TEACHER_SAMPLING,
                MAX_ATTEMPT_CHARS, true);
    }

    public TrainingStep optimizer() throws InterruptedException { return updates.optimizer(); }

    /** The DPO figures of the last step, by name (empty for IS, or when the step had no pair). */
    public Map<String, Object> dpoMetrics() {
        var m = new LinkedHashMap<String, Object>();
        if (settings.update() != Update.DPO) return m;
        m.put("dpo_pairs", lastDpo == null ? 0 : lastDpo.pairs());
        m.put("dpo_loss", lastDpo == null ? null : lastDpo.loss());
        m.put("dpo_margin", lastDpo == null ? null : lastDpo.margin());
        m.put("dpo_accuracy", lastDpo == null ? null : lastDpo.accuracy());
        return m;
    }

    /** Runs step {@code step}: feedback episodes, then the update. */
    public StepReport step(int step) throws InterruptedException {
        long started = System.nanoTime();
        Batch b = batch(step);
        RlTrainer.Updates u = b.sequences().isEmpty() ? RlTrainer.Updates.NONE : updates.train(b.sequences(), step);
        int dpoUpdates = 0;
        lastDpo = null;
        if (dpo.isPresent() && !b.pairs().isEmpty()) {
            var optimizer = optimizer();
            lastDpo = student.withModel(m -> dpo.get().update(m, optimizer, b.pairs()).stats());
            dpoUpdates = 1;
        }
        long guided = b.sequences().stream().filter(s -> !s.onPolicy()).count();
        double[] gammas = u.gammas();
        int trained = b.sequences().size();
        return new StepReport(step, b.prompts(), b.firstAccuracy(), b.allFailedShare(), b.fedBack(), b.kept(),
                b.retryAccuracy(), trained, trained == 0 ? 0 : (double) guided / trained, percentile(gammas, 0.1),
                percentile(gammas, 0.5), percentile(gammas, 0.9), u.shapedMean(), u.clipFraction(), u.kl(), u.loss(),
                u.gradNorm(), b.teacherFailures(), b.cost(), u.updates() + dpoUpdates, b.failedRollouts(),
                (System.nanoTime() - started) / 1e9, b.guidance());
    }

    /**
     * What a step's episodes gave, before any update.
     *
     * @param sequences the policy-gradient sequences (IS: every student turn; DPO: first attempts only)
     * @param pairs     DPO pairs: an episode's failed first attempt (rejected) and its successful retry (chosen)
     * @param kept      IS: trained groups holding retries; DPO: pairs
     */
    record Batch(int prompts, List<RlSequence> sequences, List<DpoPair> pairs, double firstAccuracy, double allFailedShare,
            int fedBack, int kept, double retryAccuracy, int teacherFailures, int failedRollouts, StepReport.Cost cost,
            List<RunStore.GuidanceRecord> guidance) {}

    /** Samples step {@code step}'s feedback episodes and builds the sequences and pairs to train on. */
    Batch batch(int step) throws InterruptedException {
        List<Task> prompts = tasks.draw(config.seed(), step, 0, config.promptsPerStep());
        int g = config.groupSize();
        String scope = run + String.format(Locale.ROOT, "/step-%06d", step);
        List<Rollout> rollouts = collect(prompts, g, store.scope(scope), RlTrainer.mix(config.seed(), step, 1));

        var sequences = new ArrayList<RlSequence>();
        var pairs = new ArrayList<DpoPair>();
        var guidance = new ArrayList<RunStore.GuidanceRecord>();
        int firstAttempts = 0, retries = 0, scoredRetries = 0, teacherTurns = 0, teacherFailures = 0, failed = 0, allFailed = 0, fedBack = 0,
                kept = 0, group = 0;
        double firstSum = 0, retrySum = 0;
        String studentRole = environment.roles().getFirst();
        for (int p = 0; p < prompts.size(); p++) {
            Task task = prompts.get(p);
            int[] plain = format.render(task.prompt());
            var turns = new ArrayList<TurnSample>();
            double promptFirst = 0, promptRetry = 0;
            int promptRetries = 0;
            String firstFeedback = null;
            for (Rollout r : rollouts.subList(p * g, (p + 1) * g)) {
                var t = r.trajectory().turns();
                firstAttempts += t.isEmpty() ? 0 : 1;
                teacherTurns += (int) t.stream().filter(x -> x.role().equals(Role.TEACHER)).count();
                retries += (int) Math.max(0, t.stream().filter(x -> x.role().equals(studentRole)).count() - 1);
                if (r.failure().isPresent()) {
                    if (!t.isEmpty() && t.getLast().role().equals(studentRole)) teacherFailures++; // the teacher's turn was next
                    else failed++;
                    continue;
                }
                var teacherReward = r.rewards().get(Role.TEACHER);
                if (teacherReward != null && teacherReward.failure().isPresent()) teacherFailures++;
                double[] attempts = FeedbackEnvironment.attemptRewards(r.rewards().get(studentRole));
                int k = 0;
                for (Trajectory.Turn turn : t) {
                    if (turn.role().equals(Role.TEACHER)) {
                        if (firstFeedback == null) firstFeedback = turn.completion().text().strip();
                        continue;
                    }
                    int[] response = turn.completion().tokens().orElseThrow(() -> new IllegalStateException(
                            "the student returned no token ids for " + task.id())).ids();
                    turns.add(new TurnSample(k == 0 ? plain : format.render(turn.observation()), response, attempts[k], k == 0));
                    k++;
                }
                firstSum += attempts[0];
                promptFirst += attempts[0];
                for (int i = 1; i < attempts.length; i++) {
                    retrySum += attempts[i];
                    scoredRetries++;
                    promptRetry += attempts[i];
                    promptRetries++;
                }
                pair(task, plain, r, studentRole).ifPresent(pairs::add);
            }
            if (turns.stream().noneMatch(s -> s.onPolicy() && s.reward() > 0)) allFailed++;
            if (promptRetries > 0) {
                fedBack++;
                guidance.add(new RunStore.GuidanceRecord(task.id(), teacher.describe(), firstFeedback == null ? "" : firstFeedback,
                        promptRetry / promptRetries, settings.update() == Update.IS));
            }
            var trained = settings.update() == Update.IS ? turns : turns.stream().filter(TurnSample::onPolicy).toList();
            if (addGroup(sequences, group, task, plain, trained)) {
                group++;
                if (trained.stream().anyMatch(s -> !s.onPolicy())) kept++;
            }
        }

        int scoredFirst = firstAttempts - failed - teacherFailures;
        return new Batch(prompts.size(), sequences, pairs, scoredFirst <= 0 ? Double.NaN : firstSum / scoredFirst,
                (double) allFailed / prompts.size(), fedBack, settings.update() == Update.IS ? kept : pairs.size(),
                scoredRetries == 0 ? Double.NaN : retrySum / scoredRetries, teacherFailures, failed,
                new StepReport.Cost(firstAttempts, retries, teacherTurns), guidance);
    }

    /**
     * The DPO pair of one feedback episode, if it has one: its first attempt failed and its last (guided) attempt
     * solved the task. Rejected = the first attempt's tokens, chosen = the last attempt's, both to be scored under
     * the plain prompt, whatever context the chosen one was sampled in.
     */
    static Optional<DpoPair> pair(Task task, int[] plain, Rollout rollout, String studentRole) {
        if (rollout.failure().isPresent()) return Optional.empty();
        double[] attempts = FeedbackEnvironment.attemptRewards(rollout.rewards().get(studentRole));
        if (attempts.length < 2 || attempts[0] >= FeedbackEnvironment.SOLVED || attempts[attempts.length - 1] < FeedbackEnvironment.SOLVED) {
            return Optional.empty();
        }
        var turns = rollout.trajectory().turns().stream().filter(t -> t.role().equals(studentRole)).toList();
        int[] rejected = turns.getFirst().completion().tokens().orElseThrow().ids();
        int[] chosen = turns.getLast().completion().tokens().orElseThrow().ids();
        return Optional.of(new DpoPair(task.id(), plain, chosen, rejected));
    }

    /** A student turn: the context that generated it, its tokens, its attempt's reward, whether it was unguided. */
    private record TurnSample(int[] behavior, int[] response, double reward, boolean onPolicy) {}

    /** One GRPO group of {@code turns} (trained under the plain prompt); false when their rewards are all equal. */
    private boolean addGroup(List<RlSequence> out, int group, Task task, int[] plain, List<TurnSample> turns) {
        if (turns.size() < 2) return false;
        double[] rewards = turns.stream().mapToDouble(TurnSample::reward).toArray();
        boolean mixed = false;
        for (double r : rewards) mixed |= r != rewards[0];
        if (!mixed) return false;
        double[] advantages = Advantages.group(rewards, config.scaleByStd());
        for (int i = 0; i < turns.size(); i++) {
            var t = turns.get(i);
            out.add(new RlSequence(group, task.id(), plain, t.behavior(), t.response(), t.reward(), advantages[i], t.onPolicy()));
        }
        return true;
    }

    /** G feedback episodes of each prompt through the engine, in lockstep; the student plays its role, sampled. */
    private List<Rollout> collect(List<Task> batch, int samples, ai.lyceum.rollout.RolloutLog log, long seed)
            throws InterruptedException {
        var sampling = new SamplingOverride(student, Optional.of(config.temperature()), Optional.of(config.topP()),
                config.maxTokens() == 0 ? OptionalInt.empty() : OptionalInt.of(config.maxTokens()), true);
        var policies = new HashMap<String, Policy>();
        policies.put(Role.TEACHER, teacher);
        policies.put(environment.roles().getFirst(), sampling);
        var engine = new RolloutEngine(episodes, policies, log,
                new RolloutEngine.Options(samples, batch.size() * samples, seed, ROLLOUT_TIMEOUT));
        return student.collect(engine, batch);
    }

    private static double percentile(double[] values, double q) {
        return values.length == 0 ? Double.NaN : PolicyLoss.quantile(values, q);
    }
}
