/**
 * The embedded model: a byte-level, Llama-style decoder ({@link ai.lyceum.train.model.Transformer}) with its
 * configurations, tokenizer, batched sampler with a KV cache, and safetensors checkpoints. Tensors go through
 * DJL's PyTorch engine on the CPU; {@link ai.lyceum.train.model.Torch} is the one class that loads it, offline.
 */
package ai.lyceum.train.model;
