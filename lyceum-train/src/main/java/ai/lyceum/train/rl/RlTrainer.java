package ai.lyceum.train.rl;

import ai.lyceum.failure.FailureException;
import ai.lyceum.task.Task;
import ai.lyceum.train.env.ProceduralEnvironment;
import ai.lyceum.train.guide.Teacher;
import ai.lyceum.train.model.Sample;
import ai.lyceum.train.model.SampleSettings;
import ai.lyceum.train.model.Sampler;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.LrSchedule;
import ai.lyceum.train.optim.StepStats;
import ai.lyceum.train.optim.TrainingStep;
import ai.lyceum.train.rl.RlConfig.Algorithm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * GRPO and Guide-GRPO on the embedded model (../shared/specs/guide.md §4–9). A step:
 * <ol>
 *   <li>draws prompts (the same for every algorithm at a given seed and step) and samples G rollouts of each
 *       from the plain prompt;</li>
 *   <li>Guide only: every prompt whose rollouts all failed gets the teacher's guidance and G fresh rollouts
 *       from the guided prompt; the failed plain ones are discarded;</li>
 *   <li>keeps groups with mixed outcomes (dynamic sampling), normalises advantages within each group;</li>
 *   <li>takes old log-probs once, before any update, under the context that generated each response;</li>
 *   <li>updates on mini-batches of whole groups, new log-probs always under the plain prompt.</li>
 * </ol>
 * Unlike verl the batch is not refilled to a fixed size: each step trains on what its prompts gave, so both
 * algorithms see the same prompts and the comparison stays paired.
 */
public final class RlTrainer {
    private final Transformer model;
    private final Optional<Transformer> reference;
    private final ProceduralEnvironment environment;
    private final Optional<Teacher> teacher;
    private final RlConfig config;
    private final Sampler sampler;
    private final TrainingStep update;
    private final PolicyLoss loss;

    /**
     * @param reference frozen model for the KL term; required when the loss has a KL coefficient
     * @param teacher   required for Guide-GRPO
     */
    public RlTrainer(Transformer model, Optional<Transformer> reference, ProceduralEnvironment environment,
            Optional<Teacher> teacher, RlConfig config) {
        if (config.algorithm() == Algorithm.GUIDE && teacher.isEmpty()) {
            throw new IllegalArgumentException("Guide-GRPO needs a teacher");
        }
        if (config.loss().klCoef() > 0 && reference.isEmpty()) {
            throw new IllegalArgumentException("a KL coefficient needs a reference model");
        }
        this.model = model;
        this.reference = reference;
        this.environment = environment;
        this.teacher = teacher;
        this.config = config;
        this.sampler = new Sampler(model);
        this.update = new TrainingStep(model, config.adam(), LrSchedule.constant(config.lr()), config.maxGradNorm());
        this.loss = new PolicyLoss(config.loss());
    }

    public RlConfig config() { return config; }

    /** The prompts of step {@code step}: a function of the seed and the step only. */
    public List<Task> prompts(int step) {
        var random = new SplittableRandom(mix(config.seed(), step, 0));
        var out = new ArrayList<Task>(config.promptsPerStep());
        for (int i = 0; i < config.promptsPerStep(); i++) out.add(environment.generate(random));
        return out;
    }

    /** Runs step {@code step}: rollouts, guided re-rolls, and the updates. */
    public StepReport step(int step) throws InterruptedException {
        long started = System.nanoTime();
        Rollouts r = rollouts(step);
        List<RlSequence> sequences = r.sequences();
        Updates u = sequences.isEmpty() ? Updates.NONE : train(sequences, step);
        long guidedCount = sequences.stream().filter(s -> !s.onPolicy()).count();
        double[] gammas = u.gammas();
        int guidedKept = (int) r.guidance().stream().filter(StepReport.GuidanceUse::kept).count();
        return new StepReport(step, r.prompts(), r.plainAccuracy(), r.allFailedShare(), r.guidance().size(), guidedKept,
                r.hintedAccuracy(), sequences.size(), sequences.isEmpty() ? 0 : (double) guidedCount / sequences.size(),
                percentile(gammas, 0.1), percentile(gammas, 0.5), percentile(gammas, 0.9), u.shapedMean(),
                u.clipFraction(), u.kl(), u.loss(), u.gradNorm(), r.teacherFailures(),
                (System.nanoTime() - started) / 1e9, r.guidance());
    }

    /** What a step's sampling produced, before any update. */
    record Rollouts(int prompts, List<RlSequence> sequences, double plainAccuracy, double allFailedShare,
            double hintedAccuracy, int teacherFailures, List<StepReport.GuidanceUse> guidance) {}

    /** Samples step {@code step}'s plain groups and, for Guide, the guided re-rolls; keeps the trainable groups. */
    Rollouts rollouts(int step) throws InterruptedException {
        List<Task> tasks = prompts(step);
        int g = config.groupSize();
        var settings = new SampleSettings(config.temperature(), config.topP(), environment.maxTokens(), List.of(), true);

        var plainPrompts = new ArrayList<int[]>(tasks.size());
        for (Task t : tasks) plainPrompts.add(environment.format().render(t.prompt()));
        List<Sample> plain = sampler.sample(repeat(plainPrompts, g), settings, mix(config.seed(), step, 1));

        var sequences = new ArrayList<RlSequence>();
        var failed = new ArrayList<Integer>();
        double plainCorrect = 0;
        for (int p = 0; p < tasks.size(); p++) {
            double[] rewards = rewards(tasks.get(p), plain.subList(p * g, (p + 1) * g));
            double sum = Arrays.stream(rewards).sum();
            plainCorrect += sum;
            if (sum == 0) failed.add(p);
            if (!config.dynamicSampling() || mixed(rewards)) {
                addGroup(sequences, p, plainPrompts.get(p), plainPrompts.get(p), plain.subList(p * g, (p + 1) * g), rewards, true);
            }
        }

        var uses = new ArrayList<StepReport.GuidanceUse>();
        int teacherFailures = 0;
        double hintedCorrect = 0;
        int hintedRollouts = 0;
        if (config.algorithm() == Algorithm.GUIDE && !failed.isEmpty()) {
            var guidedTasks = new ArrayList<Integer>();
            var guidedPrompts = new ArrayList<int[]>();
            var hints = new ArrayList<String>();
            for (int p : failed) {
                Task task = tasks.get(p);
                var attempts = plain.subList(p * g, (p + 1) * g).stream().map(Sample::text).toList();
                Optional<String> hint;
                try {
                    hint = teacher.orElseThrow().guidance(task, attempts);
                } catch (FailureException e) {
                    teacherFailures++;
                    continue;
                }
                if (hint.isEmpty()) continue;
                guidedTasks.add(p);
                hints.add(hint.get());
                guidedPrompts.add(environment.format().render(environment.guided(task, hint.get())));
            }
            if (!guidedPrompts.isEmpty()) {
                List<Sample> guided = sampler.sample(repeat(guidedPrompts, g), settings, mix(config.seed(), step, 2));
                for (int i = 0; i < guidedTasks.size(); i++) {
                    int p = guidedTasks.get(i);
                    List<Sample> group = guided.subList(i * g, (i + 1) * g);
                    double[] rewards = rewards(tasks.get(p), group);
                    double accuracy = Arrays.stream(rewards).sum() / g;
                    hintedCorrect += accuracy * g;
                    hintedRollouts += g;
                    boolean keep = mixed(rewards);
                    if (keep) {
                        addGroup(sequences, tasks.size() + i, plainPrompts.get(p), guidedPrompts.get(i), group, rewards, false);
                    }
                    uses.add(new StepReport.GuidanceUse(tasks.get(p).id(), teacher.get().describe(), hints.get(i), accuracy, keep));
                }
            }
        }

        return new Rollouts(tasks.size(), sequences, plainCorrect / (tasks.size() * g), (double) failed.size() / tasks.size(),
                hintedRollouts == 0 ? Double.NaN : hintedCorrect / hintedRollouts, teacherFailures, uses);
    }

    private record Updates(double loss, double gradNorm, double[] gammas, double shapedMean, double clipFraction, double kl) {
        static final Updates NONE = new Updates(Double.NaN, Double.NaN, new double[0], Double.NaN, Double.NaN, 0);
    }

    private Updates train(List<RlSequence> sequences, int step) {
        var behavior = sequences.stream().map(RlSequence::behaviorPrompt).toList();
        var plan = sequences.stream().map(RlSequence::planPrompt).toList();
        var responses = sequences.stream().map(RlSequence::response).toList();
        List<double[]> old = model.logprobs(behavior, responses); // once, before any update
        List<double[]> ref = reference.map(r -> r.logprobs(plan, responses)).orElse(null);
        double[] advantages = advantages(sequences);

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
            var inputs = inputs(rows, sequences, old, ref, advantages);
            var stats = new PolicyLoss.Stats[1];
            StepStats s = update.step(m -> {
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
                shapedN == 0 ? Double.NaN : shapedSum / shapedN, clipN == 0 ? Double.NaN : clipSum / clipN, klSum / batches);
    }

    private double[] advantages(List<RlSequence> sequences) {
        double[] out = new double[sequences.size()];
        for (int start = 0; start < sequences.size(); ) {
            int end = start;
            while (end < sequences.size() && sequences.get(end).group() == sequences.get(start).group()) end++;
            double[] rewards = new double[end - start];
            for (int i = start; i < end; i++) rewards[i - start] = sequences.get(i).reward();
            System.arraycopy(Advantages.group(rewards, config.scaleByStd()), 0, out, start, rewards.length);
            start = end;
        }
        return out;
    }

    private static PolicyLoss.Inputs inputs(List<Integer> rows, List<RlSequence> sequences, List<double[]> old,
            List<double[]> ref, double[] advantages) {
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
            adv[i] = advantages[r];
            on[i] = sequences.get(r).onPolicy();
        }
        return new PolicyLoss.Inputs(oldFlat, mask, adv, on, Optional.ofNullable(refFlat));
    }

    private double[] rewards(Task task, List<Sample> group) {
        double[] r = new double[group.size()];
        for (int i = 0; i < r.length; i++) r[i] = environment.reward(task, group.get(i).text());
        return r;
    }

    private static void addGroup(List<RlSequence> out, int group, int[] plan, int[] behavior, List<Sample> samples,
            double[] rewards, boolean onPolicy) {
        for (int i = 0; i < samples.size(); i++) {
            out.add(new RlSequence(group, plan, behavior, samples.get(i).tokens(), rewards[i], onPolicy));
        }
    }

    private static boolean mixed(double[] rewards) {
        for (double r : rewards) if (r != rewards[0]) return true;
        return false;
    }

    private static <T> List<T> repeat(List<T> items, int times) {
        var out = new ArrayList<T>(items.size() * times);
        for (T item : items) for (int i = 0; i < times; i++) out.add(item);
        return out;
    }

    private static <T> List<T> pick(List<T> items, List<Integer> rows) { return rows.stream().map(items::get).toList(); }

    private static double percentile(double[] values, double q) {
        return values.length == 0 ? Double.NaN : PolicyLoss.quantile(values, q);
    }

    /** A well-spread seed from (seed, step, purpose). */
    static long mix(long seed, int step, int purpose) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + purpose * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
