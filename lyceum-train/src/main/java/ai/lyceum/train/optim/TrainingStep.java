package ai.lyceum.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.lyceum.train.model.Torch;
import ai.lyceum.train.model.Transformer;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * One optimiser update, the unit every trainer repeats: zero the gradients, build a loss with autograd on,
 * back-propagate, clip the global gradient norm, step AdamW at the scheduled rate. Each update runs in its own
 * {@link NDScope}, so memory stays flat however many steps run. Not thread-safe: one trainer drives it.
 */
public final class TrainingStep {
    private final Transformer model;
    private final AdamW optimizer;
    private final LrSchedule schedule;
    private final double maxGradNorm;

    /** @param maxGradNorm clip the global gradient norm to this; {@code Double.POSITIVE_INFINITY} to not clip */
    public TrainingStep(Transformer model, AdamWSettings adam, LrSchedule schedule, double maxGradNorm) {
        if (!(maxGradNorm > 0)) throw new IllegalArgumentException("maxGradNorm must be > 0, was " + maxGradNorm);
        this.model = model;
        this.optimizer = new AdamW(model, adam);
        this.schedule = schedule;
        this.maxGradNorm = maxGradNorm;
    }

    /** An update on next-token cross-entropy; {@code lossMask[b][t]} = 1 trains token t of row b. */
    public StepStats nextToken(int[][] tokens, float[][] lossMask) {
        int b = tokens.length, t = tokens[0].length;
        int[] flatTokens = new int[b * t];
        float[] flatMask = new float[b * t];
        for (int r = 0; r < b; r++) {
            if (tokens[r].length != t || lossMask[r].length != t) {
                throw new IllegalArgumentException("row " + r + " has " + tokens[r].length + " tokens and "
                        + lossMask[r].length + " mask entries; row 0 has " + t);
            }
            System.arraycopy(tokens[r], 0, flatTokens, r * t, t);
            System.arraycopy(lossMask[r], 0, flatMask, r * t, t);
        }
        var shape = new Shape(b, t);
        return step(m -> Losses.nextTokenCrossEntropy(m, m.manager().create(flatTokens, shape),
                m.manager().create(flatMask, shape)));
    }

    /**
     * An update on any scalar loss the caller builds from the model (a policy-gradient loss over
     * {@link Transformer#tokenLogprobs}, say). Arrays it makes are freed when the update ends.
     */
    public StepStats step(Function<Transformer, NDArray> loss) {
        int step = optimizer.steps();
        double lr = schedule.at(step);
        try (var scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (NDArray p : model.parameters().values()) Torch.zeroGrad(p);
            NDArray value = Torch.withGrad(true, () -> {
                NDArray l = loss.apply(model);
                Torch.backward(l);
                return l;
            });
            double norm = gradNorm();
            if (!Double.isFinite(norm)) {
                throw new ArithmeticException("gradient norm is " + norm + " at step " + step + "; update skipped");
            }
            double scale = norm > maxGradNorm ? maxGradNorm / (norm + 1e-6) : 1.0;
            optimizer.step(lr, scale);
            return new StepStats(step, value.getFloat(), norm, lr);
        }
    }

    public int steps() { return optimizer.steps(); }

    /** Writes the optimiser's state, so a resumed run updates exactly as an uninterrupted one. */
    public void save(Path file) { optimizer.save(file); }

    /** Restores state written by {@link #save} after {@code updates} updates. */
    public void load(Path file, int updates) { optimizer.load(file, updates); }

    private double gradNorm() {
        var squares = new NDList();
        for (NDArray p : model.parameters().values()) squares.add(p.getGradient().square().sum());
        return Math.sqrt(NDArrays.stack(squares).sum().getFloat());
    }
}
