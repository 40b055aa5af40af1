/**
 * Training on the embedded model: a small byte-level transformer that runs on the CPU through DJL's PyTorch
 * engine with no network. {@code model} holds the network, its sampler and checkpoints; {@code optim} the
 * training-step primitives; {@code policy} exposes the model as a {@link ai.lyceum.policy.Policy}; {@code rl} and
 * {@code sft} are the trainers, which sample and score only through the core rollout engine;
 * {@link ai.lyceum.train.TrainingRun} owns a run's loop, evaluations, records and checkpoints; {@code demo} is the
 * Guide experiment; {@code bench} measures throughput.
 */
package ai.lyceum.train;
