package ai.lyceum.train.rl;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.env.Environment;
import ai.lyceum.env.procedural.ProceduralEnvironment;
import ai.lyceum.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Where a training run's prompts come from, and the held-out tasks it is measured on. A procedural environment
 * generates fresh training tasks and keeps its own held-out set; a data-set environment is split once, by a fixed
 * shuffle, into held-out tasks and a training pool. Either way the prompts of a step are a function of the seed,
 * the step and the round only, so every algorithm sees the same prompts and a resumed run draws what it drew.
 */
public interface TrainingTasks {
    /** {@code n} training prompts for round {@code round} of step {@code step} (round 0 first; refills after). */
    List<Task> draw(long seed, int step, int round, int n);

    /** The held-out tasks evaluations report on. */
    List<Task> heldOut();

    /** @param heldOut held-out tasks of a data-set environment (at most half of it); procedural ones keep their own */
    static TrainingTasks of(Environment environment, int heldOut) throws DatasetException {
        if (environment instanceof ProceduralEnvironment procedural) {
            var held = procedural.tasks();
            return new TrainingTasks() {
                @Override
                public List<Task> draw(long seed, int step, int round, int n) {
                    var random = new SplittableRandom(RlTrainer.mix(seed, step, 16 * round));
                    var out = new ArrayList<Task>(n);
                    var ids = new java.util.HashSet<String>();
                    for (int tries = 0; out.size() < n; tries++) {
                        Task t = procedural.generate(random);
                        if (ids.add(t.id()) || tries > 100 * n) out.add(t); // the engine wants distinct ids per call
                    }
                    return out;
                }

                @Override
                public List<Task> heldOut() { return held; }
            };
        }
        var all = new ArrayList<>(environment.tasks());
        if (all.size() < 4) throw new IllegalArgumentException(environment.name() + " has " + all.size() + " tasks; training needs more");
        Collections.shuffle(all, new Random(2026)); // one split for every run and seed
        int held = Math.min(heldOut, all.size() / 2);
        var heldOutTasks = List.copyOf(all.subList(0, held));
        var pool = List.copyOf(all.subList(held, all.size()));
        return new TrainingTasks() {
            @Override
            public List<Task> draw(long seed, int step, int round, int n) {
                if (n > pool.size()) throw new IllegalArgumentException(n + " prompts per step, but the training pool has " + pool.size());
                var random = new SplittableRandom(RlTrainer.mix(seed, step, 16 * round));
                var picked = new java.util.LinkedHashSet<Integer>();
                while (picked.size() < n) picked.add(random.nextInt(pool.size()));
                return picked.stream().map(pool::get).toList();
            }

            @Override
            public List<Task> heldOut() { return heldOutTasks; }
        };
    }
}
