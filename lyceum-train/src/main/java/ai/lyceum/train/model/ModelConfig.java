package ai.lyceum.train.model;

import java.util.Locale;

/**
 * Sizes of the byte-level Llama-style decoder.
 *
 * @param name      what the CLI and checkpoints call it ({@code small}, {@code base}, or anything)
 * @param vocabSize 259 for the byte tokenizer (256 bytes + BOS, EOS, PAD)
 * @param dModel    residual width C
 * @param nLayers   number of blocks
 * @param nHeads    attention heads; {@code dModel / nHeads} must be even for the rotary pairs
 * @param ffnHidden SwiGLU hidden width (≈ 8/3·C rounded up to a multiple of 16, as Llama does)
 * @param maxSeqLen longest sequence the rotary tables cover
 * @param ropeTheta rotary base frequency
 * @param normEps   RMSNorm epsilon
 */
public record ModelConfig(String name, int vocabSize, int dModel, int nLayers, int nHeads, int ffnHidden,
        int maxSeqLen, double ropeTheta, double normEps) {

    public ModelConfig {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("model config needs a name");
        positive("vocabSize", vocabSize);
        positive("dModel", dModel);
        positive("nLayers", nLayers);
        positive("nHeads", nHeads);
        positive("ffnHidden", ffnHidden);
        positive("maxSeqLen", maxSeqLen);
        if (dModel % nHeads != 0) {
            throw new IllegalArgumentException("dModel " + dModel + " is not a multiple of nHeads " + nHeads);
        }
        if ((dModel / nHeads) % 2 != 0) {
            throw new IllegalArgumentException("head dim " + dModel / nHeads + " must be even for rotary pairs");
        }
        if (!(ropeTheta > 0)) throw new IllegalArgumentException("ropeTheta must be > 0, was " + ropeTheta);
        if (!(normEps > 0)) throw new IllegalArgumentException("normEps must be > 0, was " + normEps);
    }

    /** d_model 64, 2 layers, 4 heads, SwiGLU 176, 64 positions: ≈ 0.13M parameters, the demo's model. */
    public static ModelConfig tiny() {
        return new ModelConfig("tiny", ByteTokenizer.VOCAB_SIZE, 64, 2, 4, 176, 64, 10_000, 1e-5);
    }

    /** d_model 128, 4 layers, 4 heads, SwiGLU 352: ≈ 0.85M parameters. */
    public static ModelConfig small() {
        return new ModelConfig("small", ByteTokenizer.VOCAB_SIZE, 128, 4, 4, 352, 1024, 10_000, 1e-5);
    }

    /** d_model 256, 4 layers, 8 heads, SwiGLU 688: ≈ 3.3M parameters. */
    public static ModelConfig base() {
        return new ModelConfig("base", ByteTokenizer.VOCAB_SIZE, 256, 4, 8, 688, 1024, 10_000, 1e-5);
    }

    /** {@code tiny}, {@code small} or {@code base}. */
    public static ModelConfig named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tiny" -> tiny();
            case "small" -> small();
            case "base" -> base();
            default -> throw new IllegalArgumentException("unknown model config '" + name + "'; known: tiny, small, base");
        };
    }

    public int headDim() { return dModel / nHeads; }

    public long parameterCount() {
        long perLayer = 4L * dModel * dModel + 3L * dModel * ffnHidden + 2L * dModel;
        return 2L * vocabSize * dModel + nLayers * perLayer + dModel;
    }

    private static void positive(String field, int value) {
        if (value <= 0) throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
}
