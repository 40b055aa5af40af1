package ai.lyceum.cli;

import ai.lyceum.train.bench.TrainBenchmark;
import ai.lyceum.train.model.ModelConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lyceum bench train}: the embedded model's training and sampling throughput, comparable line by line with
 * {@code ../shared/bench/torch_ref_bench.py} (eager PyTorch, same configs).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Embedded-model throughput: train tokens/s (32×128, CE, backward, AdamW), KV-cache and no-cache sampling tokens/s.")
final class BenchTrainCommand implements Callable<Integer> {
    @Option(names = "--config", defaultValue = "small", paramLabel = "small|base", description = "model size (default: ${DEFAULT-VALUE})")
    String config;

    @Option(names = "--threads", defaultValue = "2", description = "libtorch threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        var result = TrainBenchmark.run(TrainBenchmark.defaults(ModelConfig.named(config)).withThreads(threads),
                line -> System.err.println("bench train: " + line));
        if (json) {
            // snake_case, the keys scripts read: train_tokens_per_s, sample_tokens_per_s, sample_nocache_tokens_per_s
            System.out.println(new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .writeValueAsString(result));
        } else {
            System.out.printf("bench train (%s, %d threads, %,d parameters)%n", result.config(), result.threads(), result.params());
            System.out.printf("  train tokens/s            %10.0f  (median step %.1f ms)%n", result.trainTokensPerS(), result.trainStepMsMedian());
            System.out.printf("  sample tokens/s (KV)      %10.0f%n", result.sampleTokensPerS());
            System.out.printf("  sample tokens/s (no KV)   %10.0f  (KV speed-up %.1f×)%n", result.sampleNocacheTokensPerS(), result.kvSpeedup());
        }
        return 0;
    }
}
