package ai.lyceum.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.lyceum.train.model.Transformer;

/** Losses built on the model's differentiable outputs. */
public final class Losses {
    private Losses() {}

    /**
     * Mean next-token cross-entropy over the tokens the mask selects.
     *
     * @param tokens   (B, T) int token ids
     * @param lossMask (B, T) float, 1 where token t is a training target given tokens before it; column 0 is
     *                 ignored (nothing predicts the first token)
     * @return a scalar, differentiable when grad mode is on
     */
    public static NDArray nextTokenCrossEntropy(Transformer model, NDArray tokens, NDArray lossMask) {
        long t = tokens.getShape().get(1);
        NDArray logp = model.tokenLogprobs(tokens); // (B, T-1)
        NDArray mask = lossMask.get(new NDIndex().addAllDim().addSliceDim(1, t)).toType(DataType.FLOAT32, false);
        float targets = mask.sum().getFloat();
        if (!(targets > 0)) throw new IllegalArgumentException("the loss mask selects no target token");
        return logp.mul(mask).sum().neg().div(targets);
    }
}
