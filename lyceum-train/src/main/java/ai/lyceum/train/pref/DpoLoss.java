package ai.lyceum.train.pref;

import ai.djl.ndarray.NDArray;

/**
 * The DPO loss (Rafailov et al. 2023; ../shared/specs/multi-agent.md §1), per pair
 * {@code L = −log σ(β[(log π(y_w|x) − log π_ref(y_w|x)) − (log π(y_l|x) − log π_ref(y_l|x))])}, averaged over pairs;
 * log-probs are sums over the response tokens and the reference is frozen (its log-probs are plain numbers). Its
 * gradient raises the chosen response's log-prob and lowers the rejected one's, each with weight β·σ(−z), z the
 * bracket times β: pairs the policy already ranks well pull little.
 */
public final class DpoLoss {
    /** β in most DPO work, Agent-RLVR's included. */
    public static final double DEFAULT_BETA = 0.1;

    private final double beta;

    public DpoLoss(double beta) {
        if (!(beta > 0) || !Double.isFinite(beta)) throw new IllegalArgumentException("DPO β must be > 0, was " + beta);
        this.beta = beta;
    }

    public double beta() { return beta; }

    /**
     * What a loss evaluation saw.
     *
     * @param margin   mean of z = β·(chosen log-ratio − rejected log-ratio), the implicit reward margin
     * @param accuracy share of pairs with z > 0 (the policy prefers the chosen more than the reference does)
     */
    public record Stats(int pairs, double loss, double margin, double accuracy) {}

    public record Result(NDArray loss, Stats stats) {}

    /**
     * The mean loss over B pairs, differentiable through the policy's log-prob sums.
     *
     * @param policyChosen   (B) sums of log π(y_w | x)
     * @param policyRejected (B) sums of log π(y_l | x)
     * @param refChosen      sums of log π_ref(y_w | x), one per pair
     * @param refRejected    sums of log π_ref(y_l | x)
     */
    public Result compute(NDArray policyChosen, NDArray policyRejected, double[] refChosen, double[] refRejected) {
        int b = refChosen.length;
        if (refRejected.length != b || policyChosen.size() != b || policyRejected.size() != b || b == 0) {
            throw new IllegalArgumentException("DPO needs as many chosen and rejected log-probs as pairs; got "
                    + policyChosen.size() + ", " + policyRejected.size() + ", " + b + ", " + refRejected.length);
        }
        float[] refMargin = new float[b];
        for (int i = 0; i < b; i++) refMargin[i] = (float) (refChosen[i] - refRejected[i]);
        var nd = policyChosen.getManager();
        NDArray z = policyChosen.sub(policyRejected).sub(nd.create(refMargin)).mul((float) beta); // (B)
        // −log σ(z) = softplus(−z) = max(−z, 0) + log(1 + e^−|z|), stable for any z.
        NDArray perPair = z.neg().maximum(0f).add(z.abs().neg().exp().add(1f).log());
        NDArray loss = perPair.mean();
        float[] zs = z.toFloatArray();
        double marginSum = 0;
        int right = 0;
        for (float v : zs) {
            marginSum += v;
            if (v > 0) right++;
        }
        return new Result(loss, new Stats(b, loss.getFloat(), marginSum / b, (double) right / b));
    }

    /** The loss of one pair from its four log-prob sums: what {@link #compute} computes, in plain numbers. */
    public double value(double policyChosen, double refChosen, double policyRejected, double refRejected) {
        double z = beta * ((policyChosen - refChosen) - (policyRejected - refRejected));
        return Math.max(-z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }
}
