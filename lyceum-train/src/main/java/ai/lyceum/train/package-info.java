/**
 * Training on the embedded model: a small byte-level transformer that runs on the CPU through DJL's PyTorch
 * engine with no network. {@code model} holds the network, its sampler and checkpoints; {@code optim} the
 * training-step primitives; {@code policy} exposes the model as a {@link ai.lyceum.policy.Policy};
 * {@code bench} measures its throughput.
 */
package ai.lyceum.train;
