package ai.lyceum.train;

import ai.lyceum.train.model.Torch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs an experiment's independent training runs two at a time, one libtorch thread each: on two cores that beats
 * one run at a time on two threads, since the tiny model's kernels are too small to split well.
 */
public final class SideBySide {
    private SideBySide() {}

    /** The runs' results, in the order given; the first failure stops the rest. */
    public static <T> List<T> run(List<Callable<T>> runs) throws InterruptedException {
        int threadsBefore = Torch.threads();
        var pool = Executors.newFixedThreadPool(2, r -> Thread.ofPlatform().name("lyceum-run").daemon().unstarted(r));
        try {
            Torch.setThreads(1);
            var futures = new ArrayList<Future<T>>();
            for (var run : runs) futures.add(pool.submit(run));
            var results = new ArrayList<T>();
            for (var f : futures) results.add(f.get());
            return results;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a training run failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
            Torch.setThreads(threadsBefore);
        }
    }
}
