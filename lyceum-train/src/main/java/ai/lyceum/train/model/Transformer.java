package ai.lyceum.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A decoder-only, Llama-style transformer over bytes, in the manner of nanoGPT: token embedding, then per
 * block {@code x + attn(rmsnorm(x))} and {@code x + swiglu(rmsnorm(x))}, a final RMSNorm and an untied head.
 * Attention is causal and multi-head with rotary embeddings (half-split pairs, as Hugging Face Llama) on q
 * and k. Parameters carry Hugging Face Llama names so checkpoints read like theirs.
 *
 * <p>Every forward call costs one JNI round trip per tensor op, which at these sizes is most of the time
 * when decoding one token; so {@link #prepare()} fuses weights once per call site: q, k, v and the
 * rotated images of q and k ({@code rotate_half} is linear, so it folds into the weight) become one
 * {@code (5C, C)} projection for decoding, gate and up one {@code (2F, C)} projection, and the softmax scale
 * rides in q's rotary tables. Whole-sequence passes (training, prefill) project q, k, v only and rotate
 * elementwise, since there the two extra projections would cost more arithmetic than the calls they save. The
 * parameters themselves stay in their canonical, separately named form.
 *
 * <p>Arrays made by a forward pass belong to the caller's {@link NDScope}: open one per step and close it,
 * or memory grows. Not thread-safe for training; inference calls may run from one thread at a time each.
 */
public final class Transformer implements AutoCloseable {
    /** Added to masked attention scores: finite, so an all-masked (padding) row yields numbers, not NaN. */
    static final float MASKED = -1e9f;

    private final ModelConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    private final NDArray cosQk; // (maxLen, 2C): cos per rotary pair, tiled over heads, for q then k
    private final NDArray sinQk; // (maxLen, 2C)
    private final NDArray rotateT; // (C, C): block-diagonal transpose of rotate_half, so (rotateT @ Wq) x = rot(Wq x)
    private final NDArray normEps; // a scalar tensor: adding a Java double would create one per call

    private Transformer(ModelConfig config, NDManager manager, Map<String, NDArray> parameters) {
        this.config = config;
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(parameters);
        for (var p : parameters.values()) p.setRequiresGradient(true);
        this.cosQk = ropeTable(true);
        this.sinQk = ropeTable(false);
        this.rotateT = rotateHalfTransposed();
        this.normEps = longLived(manager.create((float) config.normEps()), "rms_norm_eps");
    }

    /** A fresh model, weights N(0, 0.02) and norms 1, reproducible from {@code seed} on any machine. */
    public static Transformer initialize(ModelConfig config, long seed) {
        NDManager manager = Torch.newManager();
        var params = new LinkedHashMap<String, NDArray>();
        var seeds = new SplittableRandom(seed);
        for (var entry : parameterShapes(config).entrySet()) {
            Shape shape = entry.getValue();
            float[] values = new float[Math.toIntExact(shape.size())];
            if (shape.dimension() == 1) {
                java.util.Arrays.fill(values, 1f);
            } else {
                var random = seeds.split();
                for (int i = 0; i < values.length; i++) values[i] = (float) (0.02 * random.nextGaussian());
            }
            params.put(entry.getKey(), longLived(manager.create(values, shape), entry.getKey()));
        }
        return new Transformer(config, manager, params);
    }

    /** Wraps tensors read from a checkpoint; each name and shape must match {@code config}. */
    static Transformer fromTensors(ModelConfig config, NDManager manager, Map<String, NDArray> tensors) {
        var expected = parameterShapes(config);
        if (!expected.keySet().equals(tensors.keySet())) {
            var missing = new ArrayList<>(expected.keySet());
            missing.removeAll(tensors.keySet());
            var extra = new ArrayList<>(tensors.keySet());
            extra.removeAll(expected.keySet());
            throw new IllegalArgumentException("checkpoint tensors do not match config " + config.name()
                    + ": missing " + missing + ", unexpected " + extra);
        }
        var params = new LinkedHashMap<String, NDArray>();
        for (var entry : expected.entrySet()) {
            NDArray t = tensors.get(entry.getKey());
            if (!t.getShape().equals(entry.getValue()) || t.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("tensor " + entry.getKey() + " is " + t.getDataType() + " "
                        + t.getShape() + ", config " + config.name() + " wants float32 " + entry.getValue());
            }
            params.put(entry.getKey(), longLived(t, entry.getKey()));
        }
        return new Transformer(config, manager, params);
    }

    /** Hugging Face Llama tensor names and shapes ({@code out, in} for projections), in a stable order. */
    static Map<String, Shape> parameterShapes(ModelConfig c) {
        int d = c.dModel(), f = c.ffnHidden();
        var shapes = new LinkedHashMap<String, Shape>();
        shapes.put("model.embed_tokens.weight", new Shape(c.vocabSize(), d));
        for (int i = 0; i < c.nLayers(); i++) {
            String p = "model.layers." + i + ".";
            shapes.put(p + "input_layernorm.weight", new Shape(d));
            for (String proj : List.of("q_proj", "k_proj", "v_proj", "o_proj")) {
                shapes.put(p + "self_attn." + proj + ".weight", new Shape(d, d));
            }
            shapes.put(p + "post_attention_layernorm.weight", new Shape(d));
            shapes.put(p + "mlp.gate_proj.weight", new Shape(f, d));
            shapes.put(p + "mlp.up_proj.weight", new Shape(f, d));
            shapes.put(p + "mlp.down_proj.weight", new Shape(d, f));
        }
        shapes.put("model.norm.weight", new Shape(d));
        shapes.put("lm_head.weight", new Shape(c.vocabSize(), d));
        return shapes;
    }

    public ModelConfig config() { return config; }

    /** The trainable tensors by Hugging Face name, in a stable order. They require gradients. */
    public Map<String, NDArray> parameters() { return parameters; }

    /** The manager owning the parameters; create long-lived state (optimizer moments) under it. */
    public NDManager manager() { return manager; }

    // ---- the network --------------------------------------------------------------------------------------

    /** Weights arranged for the forward pass (see the class comment); they live in the caller's scope. */
    record Weights(NDArray embed, List<Layer> layers, NDArray norm, NDArray head) {}

    /** {@code qkv} is (3C, C); {@code qkvr} is qkv followed by the rotated images of q and k, (5C, C). */
    record Layer(NDArray attnNorm, NDArray qkv, NDArray qkvr, NDArray o, NDArray mlpNorm, NDArray gateUp, NDArray down) {}

    Weights prepare() {
        var layers = new ArrayList<Layer>(config.nLayers());
        for (int i = 0; i < config.nLayers(); i++) {
            String p = "model.layers." + i + ".";
            NDArray q = param(p + "self_attn.q_proj.weight"), k = param(p + "self_attn.k_proj.weight");
            NDArray qkv = NDArrays.concat(new NDList(q, k, param(p + "self_attn.v_proj.weight"))); // (3C, C)
            NDArray qkvr = NDArrays.concat(new NDList(qkv, rotateT.matMul(q), rotateT.matMul(k))); // (5C, C)
            NDArray gateUp = param(p + "mlp.gate_proj.weight").concat(param(p + "mlp.up_proj.weight")); // (2F, C)
            layers.add(new Layer(param(p + "input_layernorm.weight"), qkv, qkvr, param(p + "self_attn.o_proj.weight"),
                    param(p + "post_attention_layernorm.weight"), gateUp, param(p + "mlp.down_proj.weight")));
        }
        return new Weights(param("model.embed_tokens.weight"), layers, param("model.norm.weight"),
                param("lm_head.weight"));
    }

    /**
     * Logits for {@code tokens} (B, T) whose first token sits at absolute position {@code pos}.
     *
     * @param mask     additive attention mask, (T, S) or (B, 1, T, S) with S = pos + T; null for none
     * @param cache    keys and values of positions before {@code pos}, extended in place; null to not cache
     * @param lastOnly compute logits for the last position only, as sampling needs
     * @return (B, T, V), or (B, 1, V) when {@code lastOnly}
     */
    NDArray forward(Weights w, NDArray tokens, NDArray mask, KvCache cache, int pos, boolean lastOnly) {
        long b = tokens.getShape().get(0), t = tokens.getShape().get(1);
        if (pos + t > config.maxSeqLen()) {
            throw new IllegalArgumentException("sequence of " + (pos + t) + " exceeds maxSeqLen " + config.maxSeqLen());
        }
        var rows = new NDIndex().addSliceDim(pos, pos + t);
        NDArray cos = cosQk.get(rows), sin = sinQk.get(rows); // (T, 2C)
        NDArray x = Embedding.embedding(tokens, w.embed(), SparseFormat.DENSE).head(); // (B, T, C)
        for (int i = 0; i < w.layers().size(); i++) {
            Layer layer = w.layers().get(i);
            x = x.add(attention(layer, rmsNorm(x, layer.attnNorm()), cos, sin, mask, cache, i, pos, b, t));
            x = x.add(swiGlu(layer, rmsNorm(x, layer.mlpNorm())));
        }
        if (lastOnly && t > 1) x = x.get(new NDIndex().addAllDim().addSliceDim(t - 1, t)); // (B, 1, C)
        return Linear.linear(rmsNorm(x, w.norm()), w.head()).head(); // (B, T, V)
    }

    private NDArray attention(Layer w, NDArray x, NDArray cos, NDArray sin, NDArray mask, KvCache cache,
            int layer, int pos, long b, long t) {
        int c = config.dModel(), h = config.nHeads(), hd = config.headDim();
        NDArray qk, v0;
        if (t == 1) {
            // Decoding one token: the fused projection saves the JNI calls of rotating, which dominate at this size.
            NDList parts = Linear.linear(x, w.qkvr()).head().split(new long[] {2L * c, 3L * c}, 2);
            // parts: [q k] (B, T, 2C), v (B, T, C), [rot(q) rot(k)] (B, T, 2C)
            qk = parts.get(0).mul(cos).add(parts.get(2).mul(sin)); // rotary; q also carries 1/sqrt(hd)
            v0 = parts.get(1);
        } else {
            // Whole sequences: matrix products dominate, so rotate elementwise rather than project twice more.
            NDList parts = Linear.linear(x, w.qkv()).head().split(new long[] {2L * c}, 2); // [q k] (B, T, 2C), v
            NDList halves = parts.get(0).reshape(b, t, 2L * h, 2, hd / 2).split(2, 3);
            NDArray rotated = halves.get(1).neg().concat(halves.get(0), 3).reshape(b, t, 2L * c); // rotate_half
            qk = parts.get(0).mul(cos).add(rotated.mul(sin));
            v0 = parts.get(1);
        }
        NDList qAndK = qk.reshape(b, t, 2L * h, hd).transpose(0, 2, 1, 3).split(2, 1); // 2 × (B, H, T, hd)
        NDArray q = qAndK.get(0), k = qAndK.get(1);
        NDArray v = v0.reshape(b, t, h, hd).transpose(0, 2, 1, 3); // (B, H, T, hd)
        if (cache != null) {
            cache.write(layer, pos, k, v);
            k = cache.keys(layer, pos + (int) t); // (B, H, S, hd)
            v = cache.values(layer, pos + (int) t);
        }
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)); // (B, H, T, S)
        if (mask != null) scores = scores.add(mask);
        NDArray y = scores.softmax(-1).matMul(v); // (B, H, T, hd)
        y = y.transpose(0, 2, 1, 3).reshape(b, t, c); // (B, T, C)
        return Linear.linear(y, w.o()).head();
    }

    private NDArray swiGlu(Layer w, NDArray x) {
        NDList gu = Linear.linear(x, w.gateUp()).head().split(2, 2); // 2 × (B, T, F)
        NDArray gate = gu.get(0);
        return Linear.linear(gate.mul(Activation.sigmoid(gate)).mul(gu.get(1)), w.down()).head();
    }

    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray meanSquare = x.square().mean(new int[] {-1}, true); // (B, T, 1)
        return x.div(meanSquare.add(normEps).sqrt()).mul(weight);
    }

    // ---- scoring ------------------------------------------------------------------------------------------

    /** Full-sequence logits (B, T, V) for int tokens (B, T); differentiable when grad mode is on. */
    public NDArray logits(NDArray tokens) {
        int t = Math.toIntExact(tokens.getShape().get(1));
        return forward(prepare(), tokens, causalMask(t), null, 0, false);
    }

    /**
     * log p(tokens[:, i+1] | tokens[:, ..i]) for every i: (B, T-1). Differentiable when grad mode is on, so a
     * policy-gradient loss can be built on it.
     */
    public NDArray tokenLogprobs(NDArray tokens) {
        long t = tokens.getShape().get(1);
        NDArray logp = logits(tokens.get(new NDIndex().addAllDim().addSliceDim(0, t - 1))).logSoftmax(-1);
        NDArray next = tokens.get(new NDIndex().addAllDim().addSliceDim(1, t)).toType(DataType.INT64, false);
        return logp.gather(next.expandDims(-1), -1).squeeze(-1); // (B, T-1)
    }

    /** Per-token log-probabilities of {@code response} following {@code context}, under this model. */
    public double[] logprobs(int[] context, int[] response) {
        return logprobs(List.of(context), List.of(response)).getFirst();
    }

    /**
     * Batched {@link #logprobs(int[], int[])}: each response under its own context, one forward pass, no
     * gradient. Context must hold at least one token (BOS).
     */
    public List<double[]> logprobs(List<int[]> contexts, List<int[]> responses) {
        try (var scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            long width = responseWidth(responses);
            float[] lp = Torch.withGrad(false, () -> responseLogprobs(contexts, responses).toFloatArray());
            var out = new ArrayList<double[]>(responses.size());
            for (int r = 0; r < responses.size(); r++) {
                double[] row = new double[responses.get(r).length];
                for (int i = 0; i < row.length; i++) row[i] = lp[(int) (r * width) + i];
                out.add(row);
            }
            return out;
        }
    }

    /**
     * log p(response token j | context, response before j) as a (B, L) array, L the longest response; entries
     * past a row's response are 0 and carry no gradient. Differentiable when grad mode is on: a policy-gradient
     * loss is built on it. Rows are right-padded, which causal attention makes harmless.
     */
    public NDArray responseLogprobs(List<int[]> contexts, List<int[]> responses) {
        if (contexts.size() != responses.size() || contexts.isEmpty()) {
            throw new IllegalArgumentException(contexts.size() + " contexts for " + responses.size() + " responses");
        }
        int rows = contexts.size(), width = 0, longest = responseWidth(responses);
        for (int r = 0; r < rows; r++) {
            if (contexts.get(r).length == 0) throw new IllegalArgumentException("context " + r + " is empty");
            width = Math.max(width, contexts.get(r).length + responses.get(r).length);
        }
        int[] flat = new int[rows * width];
        java.util.Arrays.fill(flat, ByteTokenizer.PAD);
        long[] columns = new long[rows * longest]; // where response token j of row r is predicted
        float[] real = new float[rows * longest];
        for (int r = 0; r < rows; r++) {
            int[] ctx = contexts.get(r), resp = responses.get(r);
            System.arraycopy(ctx, 0, flat, r * width, ctx.length);
            System.arraycopy(resp, 0, flat, r * width + ctx.length, resp.length);
            for (int j = 0; j < resp.length; j++) {
                columns[r * longest + j] = ctx.length - 1 + j;
                real[r * longest + j] = 1f;
            }
        }
        NDArray all = tokenLogprobs(manager.create(flat, new Shape(rows, width))); // (B, width-1)
        var shape = new Shape(rows, longest);
        return all.gather(manager.create(columns, shape), 1).mul(manager.create(real, shape));
    }

    private static int responseWidth(List<int[]> responses) {
        int longest = 1;
        for (int[] r : responses) longest = Math.max(longest, r.length);
        return longest;
    }

    /** The additive causal mask (T, T): 0 on and below the diagonal, {@link #MASKED} above. */
    NDArray causalMask(int t) {
        float[] m = new float[t * t];
        for (int i = 0; i < t; i++) java.util.Arrays.fill(m, i * t + i + 1, (i + 1) * t, MASKED);
        return manager.create(m, new Shape(t, t));
    }

    // ---- rotary tables ------------------------------------------------------------------------------------

    private NDArray ropeTable(boolean cos) {
        int hd = config.headDim(), half = hd / 2, c = config.dModel(), len = config.maxSeqLen();
        double qScale = 1 / Math.sqrt(hd); // softmax temperature folded into q
        float[] table = new float[len * 2 * c];
        for (int pos = 0; pos < len; pos++) {
            for (int j = 0; j < hd; j++) {
                double freq = Math.pow(config.ropeTheta(), -2.0 * (j % half) / hd);
                double angle = pos * freq;
                float value = (float) (cos ? Math.cos(angle) : Math.sin(angle));
                for (int head = 0; head < config.nHeads(); head++) {
                    table[pos * 2 * c + head * hd + j] = (float) (value * qScale);
                    table[pos * 2 * c + c + head * hd + j] = value;
                }
            }
        }
        return longLived(manager.create(table, new Shape(len, 2L * c)), cos ? "rope.cos" : "rope.sin");
    }

    /** rotate_half(x) = cat(-x2, x1) per head is x @ R; returns the block-diagonal Rᵀ over all heads. */
    private NDArray rotateHalfTransposed() {
        int c = config.dModel(), hd = config.headDim(), half = hd / 2;
        float[] rt = new float[c * c];
        for (int base = 0; base < c; base += hd) {
            for (int j = 0; j < half; j++) {
                rt[(base + j) * c + base + j + half] = -1f; // out_j = -x_{j+half}
                rt[(base + j + half) * c + base + j] = 1f; // out_{j+half} = x_j
            }
        }
        return longLived(manager.create(rt, new Shape(c, c)), "rope.rotate_t");
    }

    private NDArray param(String name) { return Objects.requireNonNull(parameters.get(name), name); }

    private static NDArray longLived(NDArray array, String name) {
        NDScope.unregister(array); // owned by the model's manager, not by whatever scope is open
        array.setName(name);
        return array;
    }

    @Override
    public void close() { manager.close(); }
}
