package ai.lyceum.train.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * The one door to libtorch. Loading it here first pins {@code ai.djl.offline=true}, so DJL uses the native
 * library bundled in {@code pytorch-native-cpu} and never downloads one; and it is the only class that reaches
 * into the engine's JNI layer (grad mode, backward, the fused Adam kernel), which DJL's public API wraps in
 * a {@code GradientCollector} that walks every live array of the process on each step.
 */
public final class Torch {
    static {
        if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    private static final Engine ENGINE = Engine.getEngine("PyTorch");

    private Torch() {}

    /** A new root manager on the CPU; the caller closes it. */
    public static NDManager newManager() { return ENGINE.newBaseManager(); }

    /** libtorch's intra-op thread count for the whole process. */
    public static void setThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        JniUtils.setNumThreads(threads);
    }

    public static int threads() { return JniUtils.getNumThreads(); }

    /** e.g. {@code PyTorch 2.7.1}, to label benchmark figures. */
    public static String describe() { return ENGINE.getEngineName() + " " + ENGINE.getVersion(); }

    /**
     * Runs {@code body} with autograd recording on or off on this thread (libtorch's grad mode is per thread
     * and starts on), restoring the previous mode afterwards.
     */
    public static <T> T withGrad(boolean enabled, Supplier<T> body) {
        boolean before = JniUtils.isGradMode();
        JniUtils.setGradMode(enabled);
        try {
            return body.get();
        } finally {
            JniUtils.setGradMode(before);
        }
    }

    /** Back-propagates a scalar, accumulating into the {@code .grad} of every leaf that requires it. */
    public static void backward(NDArray scalar) {
        try (var ones = scalar.onesLike()) {
            JniUtils.backward((PtNDArray) scalar, (PtNDArray) ones, false, false);
        }
    }

    /** A view of {@code array} restricted to [start, end) along {@code axis}: one call, where DJL's indexer makes two. */
    static NDArray slice(NDArray array, int axis, long start, long end) {
        return JniUtils.slice((PtNDArray) array, axis, start, end, 1);
    }

    /** Copies {@code value} into {@code target[min..max)} in place: one call, where DJL's indexer makes four. */
    static void assign(NDArray target, NDArray value, long[] min, long[] max) {
        long[] step = new long[min.length];
        java.util.Arrays.fill(step, 1);
        JniUtils.indexSet((PtNDArray) target, (PtNDArray) value, min, max, step);
    }

    public static void zeroGrad(NDArray parameter) { JniUtils.zeroGrad((PtNDArray) parameter); }

    /**
     * libtorch's fused Adam kernel, decoupled weight decay: {@code w -= lr*wd*w; m = b1 m + (1-b1) g s;
     * v = b2 v + (1-b2) (g s)^2; w -= lrCorrected * m / (sqrt(v) + eps)} with {@code s = gradScale}.
     */
    public static void adamW(NDArray weight, NDArray grad, NDArray m, NDArray v, float lr, float lrCorrected,
            float weightDecay, float gradScale, float beta1, float beta2, float eps) {
        JniUtils.adamUpdate((PtNDArray) weight, (PtNDArray) grad, (PtNDArray) m, (PtNDArray) v, lr, lrCorrected,
                weightDecay, gradScale, -1f, beta1, beta2, eps, true);
    }
}
