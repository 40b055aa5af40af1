package ai.lyceum.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batched autoregressive sampling. Prompts of different lengths are left-padded and the padding masked out
 * of attention; rotary attention depends only on distances, so a padded row scores exactly as it would alone.
 *
 * <p>Two paths with identical draws: {@link #sample} keeps a KV cache and feeds one token per step;
 * {@link #sampleWithoutCache} re-reads the whole sequence every step, the reference the cache is checked
 * against. Token choice happens in Java on the last position's logits (B × 259 floats per step): each row has
 * its own random stream derived from the seed, so a row's sample does not depend on what it is batched with.
 */
public final class Sampler {
    private final Transformer model;

    public Sampler(Transformer model) { this.model = model; }

    /** Samples one continuation per prompt with a KV cache. Each prompt needs at least one token (BOS). */
    public List<Sample> sample(List<int[]> prompts, SampleSettings settings, long seed) {
        return run(prompts, settings, rowSeeds(seed, prompts.size()), true);
    }

    /** As {@link #sample(List, SampleSettings, long)} with one seed per row, so unrelated requests can share a batch. */
    public List<Sample> sample(List<int[]> prompts, SampleSettings settings, long[] seeds) {
        return run(prompts, settings, seeds, true);
    }

    /** The same draws as {@link #sample}, recomputing every position each step: slower, for checking. */
    public List<Sample> sampleWithoutCache(List<int[]> prompts, SampleSettings settings, long seed) {
        return run(prompts, settings, rowSeeds(seed, prompts.size()), false);
    }

    private static long[] rowSeeds(long seed, int rows) {
        long[] seeds = new long[rows];
        for (int r = 0; r < rows; r++) seeds[r] = seed ^ (0x9E3779B97F4A7C15L * (r + 1));
        return seeds;
    }

    private List<Sample> run(List<int[]> prompts, SampleSettings settings, long[] seeds, boolean cached) {
        if (seeds.length != prompts.size()) {
            throw new IllegalArgumentException(seeds.length + " seeds for " + prompts.size() + " prompts");
        }
        if (prompts.isEmpty()) return List.of();
        int b = prompts.size(), promptLen = 0;
        for (int r = 0; r < b; r++) {
            if (prompts.get(r).length == 0) throw new IllegalArgumentException("prompt " + r + " is empty");
            promptLen = Math.max(promptLen, prompts.get(r).length);
        }
        int total = promptLen + settings.maxTokens();
        if (total > model.config().maxSeqLen()) {
            throw new IllegalArgumentException("prompt of " + promptLen + " + " + settings.maxTokens()
                    + " new tokens exceeds maxSeqLen " + model.config().maxSeqLen());
        }
        int[] seq = new int[b * total]; // row-major (B, total), left-padded prompts then samples
        int[] pads = new int[b];
        Arrays.fill(seq, ByteTokenizer.PAD);
        var rows = new ArrayList<Row>(b);
        for (int r = 0; r < b; r++) {
            int[] p = prompts.get(r);
            pads[r] = promptLen - p.length;
            System.arraycopy(p, 0, seq, r * total + pads[r], p.length);
            rows.add(new Row(settings, new SplittableRandom(seeds[r])));
        }
        int promptWidth = promptLen;
        return Torch.withGrad(false, () -> {
            try (var call = new NDScope()) {
                call.suppressNotUsedWarning();
                NDManager nd = model.manager();
                var weights = model.prepare();
                KvCache cache = cached ? new KvCache(nd, model.config(), b, total) : null;
                int pos = 0, width = promptWidth; // tokens fed so far / known so far
                for (int step = 0; step < settings.maxTokens(); step++) {
                    float[] logits;
                    try (var stepScope = new NDScope()) {
                        stepScope.suppressNotUsedWarning();
                        int from = cached ? pos : 0;
                        NDArray tokens = nd.create(window(seq, b, total, from, width), new Shape(b, width - from));
                        NDArray mask = mask(nd, pads, from, width);
                        logits = model.forward(weights, tokens, mask, cache, from, true).toFloatArray(); // (B, 1, V)
                    }
                    pos = width;
                    boolean allDone = true;
                    for (int r = 0; r < b; r++) {
                        int token = rows.get(r).choose(logits, r * ByteTokenizer.VOCAB_SIZE);
                        seq[r * total + width] = token;
                        allDone &= rows.get(r).done();
                    }
                    width++;
                    if (allDone) break;
                }
                return rows.stream().map(Row::result).toList();
            }
        });
    }

    private static int[] window(int[] seq, int b, int total, int from, int to) {
        int[] out = new int[b * (to - from)];
        for (int r = 0; r < b; r++) System.arraycopy(seq, r * total + from, out, r * (to - from), to - from);
        return out;
    }

    /**
     * Additive mask for queries [from, to) over keys [0, to): causal, and left padding hidden. Null when a
     * single query meets no padding, since then there is nothing to hide.
     */
    private static NDArray mask(NDManager nd, int[] pads, int from, int to) {
        int t = to - from, b = pads.length;
        boolean padded = Arrays.stream(pads).anyMatch(p -> p > 0);
        if (t == 1 && !padded) return null;
        float[] m = new float[b * t * to];
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < t; i++) {
                int base = (r * t + i) * to;
                Arrays.fill(m, base, base + pads[r], Transformer.MASKED);
                Arrays.fill(m, base + from + i + 1, base + to, Transformer.MASKED);
            }
        }
        return nd.create(m, new Shape(b, 1, t, to));
    }

    /** One row's progress: its random stream, what it drew and whether it has ended. */
    private static final class Row {
        private final SampleSettings settings;
        private final SplittableRandom random;
        private final List<byte[]> stops;
        private final double[] probs = new double[ByteTokenizer.VOCAB_SIZE];
        private int[] tokens = new int[16];
        private double[] logprobs = new double[16];
        private int size;
        private byte[] bytes = new byte[16];
        private int byteCount;
        private Sample.Finish finish;
        private int stopLength;

        Row(SampleSettings settings, SplittableRandom random) {
            this.settings = settings;
            this.random = random;
            this.stops = settings.stop().stream().map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
        }

        boolean done() { return finish != null; }

        /** Draws the next token from logits[offset, offset + V) and records it; a no-op once done. */
        int choose(float[] logits, int offset) {
            if (done()) return ByteTokenizer.PAD;
            int v = ByteTokenizer.VOCAB_SIZE;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < v; i++) max = Math.max(max, logits[offset + i]);
            double sum = 0;
            for (int i = 0; i < v; i++) sum += Math.exp(logits[offset + i] - max);
            double logZ = max + Math.log(sum);
            int token = settings.temperature() == 0 ? argmax(logits, offset) : draw(logits, offset, max);
            record(token, logits[offset + token] - logZ);
            return token;
        }

        private int draw(float[] logits, int offset, double max) {
            int v = ByteTokenizer.VOCAB_SIZE;
            double inv = 1 / settings.temperature(), sum = 0;
            for (int i = 0; i < v; i++) sum += probs[i] = Math.exp((logits[offset + i] - max) * inv);
            if (settings.topP() < 1) sum = nucleus(sum);
            double u = random.nextDouble() * sum;
            for (int i = 0; i < v; i++) {
                u -= probs[i];
                if (u < 0 && probs[i] > 0) return i;
            }
            for (int i = v - 1; i >= 0; i--) if (probs[i] > 0) return i; // rounding left u a hair above 0
            throw new IllegalStateException("no token has positive probability");
        }

        /** Zeroes the tail outside the smallest set whose mass reaches topP; returns the kept mass. */
        private double nucleus(double sum) {
            Integer[] order = new Integer[probs.length];
            for (int i = 0; i < order.length; i++) order[i] = i;
            Arrays.sort(order, (a, c) -> Double.compare(probs[c], probs[a]));
            double kept = 0;
            int i = 0;
            for (; i < order.length && kept < settings.topP() * sum; i++) kept += probs[order[i]];
            for (; i < order.length; i++) probs[order[i]] = 0;
            return kept;
        }

        private static int argmax(float[] logits, int offset) {
            int best = 0;
            for (int i = 1; i < ByteTokenizer.VOCAB_SIZE; i++) if (logits[offset + i] > logits[offset + best]) best = i;
            return best;
        }

        private void record(int token, double logprob) {
            if (size == tokens.length) {
                tokens = Arrays.copyOf(tokens, size * 2);
                logprobs = Arrays.copyOf(logprobs, size * 2);
            }
            tokens[size] = token;
            logprobs[size++] = logprob;
            if (token == ByteTokenizer.EOS && settings.stopAtEos()) {
                finish = Sample.Finish.EOS;
            } else if (!ByteTokenizer.isSpecial(token)) {
                if (byteCount == bytes.length) bytes = Arrays.copyOf(bytes, byteCount * 2);
                bytes[byteCount++] = (byte) token;
                for (byte[] stop : stops) {
                    if (endsWith(stop)) {
                        finish = Sample.Finish.STOP_STRING;
                        stopLength = stop.length;
                        break;
                    }
                }
            }
            if (finish == null && size == settings.maxTokens()) finish = Sample.Finish.LENGTH;
        }

        private boolean endsWith(byte[] stop) {
            if (stop.length > byteCount) return false;
            return Arrays.equals(bytes, byteCount - stop.length, byteCount, stop, 0, stop.length);
        }

        Sample result() {
            String text = new String(bytes, 0, byteCount - stopLength, java.nio.charset.StandardCharsets.UTF_8);
            return new Sample(Arrays.copyOf(tokens, size), Arrays.copyOf(logprobs, size), text,
                    finish == null ? Sample.Finish.LENGTH : finish);
        }
    }
}
