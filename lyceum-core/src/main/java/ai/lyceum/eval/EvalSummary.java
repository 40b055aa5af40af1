package ai.lyceum.eval;

import ai.lyceum.run.RolloutRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The figures of an evaluation, with 95% bootstrap intervals (tasks resampled with replacement, so samples of
 * one task stay together).
 *
 * <p>A failed rollout counts as reward 0 and as not passing in {@code meanReward} and the pass rates, so a flaky
 * backend cannot flatter a model; failures are counted apart by type, and {@code meanRewardScored} gives the mean
 * over scored rollouts alone. A rollout passes when its reward is at least {@code passThreshold}.
 *
 * @param tasks    tasks with at least one recorded rollout
 * @param rollouts all recorded rollouts, failed ones included
 * @param k        the k of {@code passAtK}: the smallest sample count over tasks
 */
public record EvalSummary(int tasks, int rollouts, int scored, double meanReward, Interval meanRewardCi,
                          double meanRewardScored, double passAt1, Interval passAt1Ci, int k, double passAtK,
                          Interval passAtKCi, Map<String, Long> failures) {

    /** A 95% confidence interval. */
    public record Interval(double low, double high) {}

    static final int RESAMPLES = 1000;

    public static EvalSummary of(List<RolloutRecord> records, double passThreshold, long seed) {
        var byTask = new LinkedHashMap<String, List<RolloutRecord>>();
        for (var r : records) byTask.computeIfAbsent(r.taskId(), id -> new ArrayList<>()).add(r);
        var failures = new TreeMap<String, Long>();
        int scored = 0;
        double scoredSum = 0;
        for (var r : records) {
            if (r.failureType().isPresent()) failures.merge(r.failureType().get(), 1L, Long::sum);
            else {
                scored++;
                scoredSum += r.reward().orElseThrow();
            }
        }
        int k = byTask.values().stream().mapToInt(List::size).min().orElse(1);
        // Per task: mean reward, pass@1 and pass@k; every statistic is a mean over tasks of these.
        int n = byTask.size();
        double[] reward = new double[n], pass1 = new double[n], passK = new double[n];
        int i = 0;
        for (var samples : byTask.values()) {
            int passed = 0;
            double sum = 0;
            for (var r : samples) {
                double value = r.reward().orElse(0.0);
                sum += value;
                if (r.reward().isPresent() && value >= passThreshold) passed++;
            }
            reward[i] = sum / samples.size();
            pass1[i] = PassAtK.estimate(samples.size(), passed, 1);
            passK[i] = PassAtK.estimate(samples.size(), passed, k);
            i++;
        }
        var rng = new SplittableRandom(seed);
        return new EvalSummary(n, records.size(), scored, mean(reward), bootstrap(reward, rng.split()),
                scored == 0 ? 0 : scoredSum / scored, mean(pass1), bootstrap(pass1, rng.split()), k, mean(passK),
                bootstrap(passK, rng.split()), failures);
    }

    private static double mean(double[] xs) {
        if (xs.length == 0) return 0;
        double sum = 0;
        for (double x : xs) sum += x;
        return sum / xs.length;
    }

    /** Percentile bootstrap of the mean. */
    public static Interval bootstrap(double[] xs, SplittableRandom rng) {
        if (xs.length == 0) return new Interval(0, 0);
        double[] means = new double[RESAMPLES];
        for (int b = 0; b < RESAMPLES; b++) {
            double sum = 0;
            for (int j = 0; j < xs.length; j++) sum += xs[rng.nextInt(xs.length)];
            means[b] = sum / xs.length;
        }
        java.util.Arrays.sort(means);
        return new Interval(means[(int) Math.floor(0.025 * (RESAMPLES - 1))], means[(int) Math.ceil(0.975 * (RESAMPLES - 1))]);
    }
}
