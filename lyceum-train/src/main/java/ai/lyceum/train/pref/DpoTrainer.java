package ai.lyceum.train.pref;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.StepStats;
import ai.lyceum.train.optim.TrainingStep;
import java.util.ArrayList;
import java.util.List;

/**
 * DPO updates of the embedded model against a frozen reference: the reference's log-prob sums are taken once per
 * update with no gradient, the policy's through one batched forward pass over chosen and rejected responses, and
 * the optimiser steps on {@link DpoLoss}. Runs on the policy model's thread (inside {@code EmbeddedPolicy.withModel}).
 */
public final class DpoTrainer {
    private final Transformer reference;
    private final DpoLoss loss;

    /** @param reference frozen: never updated here, and never the policy itself */
    public DpoTrainer(Transformer reference, double beta) {
        this.reference = reference;
        this.loss = new DpoLoss(beta);
    }

    public double beta() { return loss.beta(); }

    /** What one DPO update did. */
    public record Update(DpoLoss.Stats stats, double gradNorm) {}

    /** One optimiser update of {@code policy} on {@code pairs}. */
    public Update update(Transformer policy, TrainingStep optimizer, List<DpoPair> pairs) {
        if (pairs.isEmpty()) throw new IllegalArgumentException("a DPO update needs at least one pair");
        if (policy == reference) throw new IllegalArgumentException("the DPO reference must be a frozen copy, not the policy");
        var contexts = new ArrayList<int[]>(2 * pairs.size());
        var responses = new ArrayList<int[]>(2 * pairs.size());
        for (var p : pairs) {
            contexts.add(p.prompt());
            responses.add(p.chosen());
        }
        for (var p : pairs) {
            contexts.add(p.prompt());
            responses.add(p.rejected());
        }
        List<double[]> ref = reference.logprobs(contexts, responses);
        int b = pairs.size();
        double[] refChosen = new double[b], refRejected = new double[b];
        for (int i = 0; i < b; i++) {
            refChosen[i] = sum(ref.get(i));
            refRejected[i] = sum(ref.get(b + i));
        }
        var stats = new DpoLoss.Stats[1];
        StepStats s = optimizer.step(m -> {
            NDArray sums = m.responseLogprobs(contexts, responses).sum(new int[] {1}); // (2B): padding is 0
            var result = loss.compute(sums.get(new NDIndex("0:" + b)), sums.get(new NDIndex(b + ":")), refChosen, refRejected);
            stats[0] = result.stats();
            return result.loss();
        });
        return new Update(stats[0], s.gradNorm());
    }

    private static double sum(double[] xs) {
        double s = 0;
        for (double x : xs) s += x;
        return s;
    }
}
