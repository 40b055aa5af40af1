package ai.lyceum.train.optim;

/**
 * AdamW hyper-parameters. Weight decay applies to matrices only (projections, embeddings, head), never to
 * norm gains, as in nanoGPT: decaying a gain towards 0 fights the normalisation it scales.
 */
public record AdamWSettings(double beta1, double beta2, double eps, double weightDecay) {
    public AdamWSettings {
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("beta1 must be in [0, 1), was " + beta1);
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2 must be in [0, 1), was " + beta2);
        if (!(eps > 0)) throw new IllegalArgumentException("eps must be > 0, was " + eps);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weightDecay must be >= 0, was " + weightDecay);
    }

    /** PyTorch's AdamW defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public static final AdamWSettings DEFAULT = new AdamWSettings(0.9, 0.999, 1e-8, 0.01);

    public AdamWSettings withBeta2(double b2) { return new AdamWSettings(beta1, b2, eps, weightDecay); }

    public AdamWSettings withWeightDecay(double wd) { return new AdamWSettings(beta1, beta2, eps, wd); }
}
