package ai.lyceum.train.optim;

/**
 * What one update did.
 *
 * @param step     updates done before this one
 * @param loss     the loss the gradients came from
 * @param gradNorm global L2 norm of the gradients before clipping
 * @param lr       learning rate applied
 */
public record StepStats(int step, double loss, double gradNorm, double lr) {}
