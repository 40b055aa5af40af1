package ai.lyceum.train.bench;

/**
 * Throughput of the embedded model on this machine, comparable line by line with
 * {@code shared/bench/torch_ref_bench.py}.
 *
 * @param trainTokensPerS          batch × seq / median step time (forward, CE, backward, AdamW)
 * @param sampleTokensPerS         new tokens / median wall time, KV cache
 * @param sampleNocacheTokensPerS  the same draws recomputing the whole sequence each step
 * @param kvSpeedup                sampleTokensPerS / sampleNocacheTokensPerS
 * @param tokensIdenticalToKv      share of sampled tokens the two sampling paths agree on
 */
public record TrainBenchResult(String config, String engine, int threads, long params, int batch, int seq,
        double trainTokensPerS, double trainStepMsMedian, double finalLoss, int prompts, int promptLen,
        int newTokens, double sampleTokensPerS, double sampleNocacheTokensPerS, double kvSpeedup,
        double tokensIdenticalToKv) {}
