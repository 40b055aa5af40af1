package ai.lyceum.train.bench;

import ai.lyceum.train.model.ByteTokenizer;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Sample;
import ai.lyceum.train.model.SampleSettings;
import ai.lyceum.train.model.Sampler;
import ai.lyceum.train.model.Torch;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.AdamWSettings;
import ai.lyceum.train.optim.LrSchedule;
import ai.lyceum.train.optim.TrainingStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * {@code lyceum bench train}: the embedded model's training and sampling throughput, measured exactly as the
 * PyTorch reference script measures it (same shapes, warm-ups, medians), so the two can be read side by side.
 * Sampling runs first, on the freshly initialised weights, as the reference does.
 */
public final class TrainBenchmark {
    /** The measurement's shape; {@link #defaults} are the reference script's. */
    public record Options(ModelConfig config, int threads, int batch, int seq, int warmup, int steps, int prompts,
            int promptLen, int newTokens, int sampleRuns, long seed) {
        public Options {
            if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, was " + threads);
            if (batch < 1 || seq < 2 || steps < 1 || prompts < 1 || promptLen < 1 || newTokens < 1 || sampleRuns < 1) {
                throw new IllegalArgumentException("benchmark sizes must be positive: " + this);
            }
        }

        public Options withThreads(int t) {
            return new Options(config, t, batch, seq, warmup, steps, prompts, promptLen, newTokens, sampleRuns, seed);
        }

        public Options withRepeats(int warmups, int timedSteps, int runs) {
            return new Options(config, threads, batch, seq, warmups, timedSteps, prompts, promptLen, newTokens, runs, seed);
        }
    }

    public static Options defaults(ModelConfig config) {
        return new Options(config, 2, 32, 128, 5, 20, 32, 16, 128, 3, 0);
    }

    private TrainBenchmark() {}

    /** Runs the benchmark; {@code progress} receives one line per phase. */
    public static TrainBenchResult run(Options o, Consumer<String> progress) {
        Torch.setThreads(o.threads());
        try (var model = Transformer.initialize(o.config(), o.seed())) {
            var sampler = new Sampler(model);
            var prompts = prompts(o);
            var settings = SampleSettings.of(o.newTokens()).ignoringEos(); // every row makes newTokens, as the reference
            progress.accept("sampling " + o.prompts() + " prompts x " + o.newTokens() + " new tokens");
            var cached = timeSampling(o, () -> sampler.sample(prompts, settings, o.seed() + 2));
            progress.accept("sampling with KV cache: " + round(o.prompts() * o.newTokens() / cached.seconds()) + " tok/s");
            var uncached = timeSampling(o, () -> sampler.sampleWithoutCache(prompts, settings, o.seed() + 2));
            progress.accept("sampling without cache: " + round(o.prompts() * o.newTokens() / uncached.seconds()) + " tok/s");
            double[] train = timeTraining(o, model);
            double newTokens = (double) o.prompts() * o.newTokens();
            double kv = newTokens / cached.seconds(), nocache = newTokens / uncached.seconds();
            return new TrainBenchResult(o.config().name(), Torch.describe(), Torch.threads(), o.config().parameterCount(),
                    o.batch(), o.seq(), round(o.batch() * o.seq() / train[0]), round(train[0] * 1e3), round(train[1]),
                    o.prompts(), o.promptLen(), o.newTokens(), round(kv), round(nocache), round(kv / nocache),
                    identical(cached.samples(), uncached.samples()));
        }
    }

    private record Timed(double seconds, List<Sample> samples) {}

    private static Timed timeSampling(Options o, java.util.function.Supplier<List<Sample>> run) {
        run.get(); // warm-up
        double[] times = new double[o.sampleRuns()];
        List<Sample> first = null;
        for (int i = 0; i < times.length; i++) {
            long t0 = System.nanoTime();
            var out = run.get();
            times[i] = (System.nanoTime() - t0) / 1e9;
            if (first == null) first = out;
        }
        return new Timed(median(times), first);
    }

    /** Returns {median step seconds, final loss}. */
    private static double[] timeTraining(Options o, Transformer model) {
        var step = new TrainingStep(model, AdamWSettings.DEFAULT, LrSchedule.constant(1e-3), Double.POSITIVE_INFINITY);
        var random = new SplittableRandom(o.seed() + 3);
        float[][] mask = new float[o.batch()][o.seq() + 1];
        for (float[] row : mask) Arrays.fill(row, 1f);
        double[] times = new double[o.steps()];
        double loss = Double.NaN;
        for (int i = 0; i < o.warmup() + o.steps(); i++) {
            int[][] tokens = new int[o.batch()][o.seq() + 1];
            for (int[] row : tokens) for (int j = 0; j < row.length; j++) row[j] = random.nextInt(256);
            long t0 = System.nanoTime();
            loss = step.nextToken(tokens, mask).loss();
            if (i >= o.warmup()) times[i - o.warmup()] = (System.nanoTime() - t0) / 1e9;
        }
        return new double[] {median(times), loss};
    }

    private static List<int[]> prompts(Options o) {
        var random = new SplittableRandom(o.seed() + 1);
        var out = new ArrayList<int[]>(o.prompts());
        for (int i = 0; i < o.prompts(); i++) {
            int[] p = new int[o.promptLen()];
            p[0] = ByteTokenizer.BOS;
            for (int j = 1; j < p.length; j++) p[j] = random.nextInt(256);
            out.add(p);
        }
        return out;
    }

    private static double identical(List<Sample> a, List<Sample> b) {
        long same = 0, total = 0;
        for (int r = 0; r < a.size(); r++) {
            int[] x = a.get(r).tokens(), y = b.get(r).tokens();
            for (int i = 0; i < Math.min(x.length, y.length); i++) if (x[i] == y[i]) same++;
            total += Math.max(x.length, y.length);
        }
        return round4((double) same / total);
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double round(double x) { return Math.round(x * 10) / 10.0; }

    private static double round4(double x) { return Math.round(x * 1e4) / 1e4; }
}
