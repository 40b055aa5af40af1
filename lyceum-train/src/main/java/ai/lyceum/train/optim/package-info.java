/**
 * Training-step primitives the trainers share: masked next-token cross-entropy, AdamW on libtorch's fused
 * kernel, global gradient-norm clipping, learning-rate schedules, and {@link ai.lyceum.train.optim.TrainingStep}
 * that strings them into one scoped, deterministic update.
 */
package ai.lyceum.train.optim;
