/**
 * Throughput benchmarks of the embedded model, the harness behind {@code lyceum bench train}; figures line up
 * with the eager PyTorch reference in {@code shared/bench/torch_ref_bench.py}.
 */
package ai.lyceum.train.bench;
