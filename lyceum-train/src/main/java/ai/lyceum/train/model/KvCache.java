package ai.lyceum.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of every position decoded so far, per layer, preallocated to the longest sequence of a
 * sampling call so that a step writes in place instead of concatenating. Lives in the sampling call's scope.
 */
final class KvCache {
    private final NDArray[] keys; // per layer (B, H, S_max, hd)
    private final NDArray[] values;

    KvCache(NDManager manager, ModelConfig config, int batch, int maxLen) {
        var shape = new Shape(batch, config.nHeads(), maxLen, config.headDim());
        keys = new NDArray[config.nLayers()];
        values = new NDArray[config.nLayers()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = manager.zeros(shape);
            values[i] = manager.zeros(shape);
        }
    }

    /** Stores k and v (B, H, T, hd) at positions [pos, pos + T). */
    void write(int layer, int pos, NDArray k, NDArray v) {
        Shape shape = k.getShape();
        long[] min = {0, 0, pos, 0};
        long[] max = {shape.get(0), shape.get(1), pos + shape.get(2), shape.get(3)};
        Torch.assign(keys[layer], k, min, max);
        Torch.assign(values[layer], v, min, max);
    }

    NDArray keys(int layer, int length) { return prefix(keys[layer], length); }

    NDArray values(int layer, int length) { return prefix(values[layer], length); }

    private static NDArray prefix(NDArray cache, int length) { // (B, H, length, hd), a view
        return Torch.slice(cache, 2, 0, length);
    }
}
