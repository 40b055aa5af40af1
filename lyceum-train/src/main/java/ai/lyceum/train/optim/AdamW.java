package ai.lyceum.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.lyceum.train.model.Torch;
import ai.lyceum.train.model.Transformer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW over a model's parameters, one fused libtorch kernel per tensor. Matches {@code torch.optim.AdamW}:
 * the kernel adds eps to the uncorrected √v, so eps is pre-scaled by √(1-β2ᵗ) to land where PyTorch puts it.
 * Moments live under the model's manager and are freed with it.
 */
public final class AdamW {
    private final AdamWSettings settings;
    private final List<Slot> slots = new ArrayList<>();
    private int steps;

    private record Slot(NDArray weight, NDArray m, NDArray v, boolean decays) {}

    public AdamW(Transformer model, AdamWSettings settings) {
        this.settings = settings;
        for (NDArray p : model.parameters().values()) {
            NDArray m = model.manager().zeros(p.getShape()), v = model.manager().zeros(p.getShape());
            NDScope.unregister(m, v);
            slots.add(new Slot(p, m, v, p.getShape().dimension() >= 2));
        }
    }

    /**
     * Applies one update from the gradients accumulated on the parameters.
     *
     * @param lr        learning rate for this step
     * @param gradScale multiplies every gradient first (gradient clipping passes its factor here)
     */
    public void step(double lr, double gradScale) {
        steps++;
        double bc1 = 1 - Math.pow(settings.beta1(), steps), bc2 = 1 - Math.pow(settings.beta2(), steps);
        float lrCorrected = (float) (lr * Math.sqrt(bc2) / bc1);
        float eps = (float) (settings.eps() * Math.sqrt(bc2));
        try (var scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Slot s : slots) {
                NDArray grad = s.weight().getGradient();
                Torch.adamW(s.weight(), grad, s.m(), s.v(), (float) lr, lrCorrected,
                        s.decays() ? (float) settings.weightDecay() : 0f, (float) gradScale,
                        (float) settings.beta1(), (float) settings.beta2(), eps);
            }
        }
    }

    /** Updates applied so far. */
    public int steps() { return steps; }

    /** Writes the moments (safetensors, {@code m.I}/{@code v.I} per parameter in model order) to {@code file}. */
    public void save(Path file) {
        var list = new NDList();
        for (int i = 0; i < slots.size(); i++) {
            slots.get(i).m().setName("m." + i);
            slots.get(i).v().setName("v." + i);
            list.add(slots.get(i).m());
            list.add(slots.get(i).v());
        }
        try (var out = new BufferedOutputStream(Files.newOutputStream(file))) {
            list.encode(out, NDList.Encoding.SAFETENSORS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write optimizer state " + file, e);
        }
    }

    /** Restores moments written by {@link #save} and the number of updates they reflect. */
    public void load(Path file, int updates) {
        try (var scope = new NDScope(); var in = new BufferedInputStream(Files.newInputStream(file))) {
            scope.suppressNotUsedWarning();
            var byName = new java.util.HashMap<String, NDArray>();
            for (NDArray t : NDList.decode(slots.getFirst().m().getManager(), in)) byName.put(t.getName(), t);
            for (int i = 0; i < slots.size(); i++) {
                restore(byName, "m." + i, slots.get(i).m(), file);
                restore(byName, "v." + i, slots.get(i).v(), file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read optimizer state " + file, e);
        }
        this.steps = updates;
    }

    private static void restore(java.util.Map<String, NDArray> byName, String name, NDArray into, Path file) {
        NDArray saved = byName.get(name);
        if (saved == null || !saved.getShape().equals(into.getShape())) {
            throw new IllegalArgumentException(file + ": optimizer state " + name + " is missing or has another shape;"
                    + " it belongs to a different model");
        }
        saved.copyTo(into);
    }
}
