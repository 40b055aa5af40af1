package ai.lyceum.train.env;

import ai.lyceum.env.Environment;
import ai.lyceum.env.Episode;
import ai.lyceum.env.Role;
import ai.lyceum.env.SingleTurnEnvironment;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.Sampling;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import ai.lyceum.train.policy.PromptFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A generated, verifiable training environment: tasks come from a seeded generator at a set difficulty, each
 * with a reference solution from which a teacher can derive guidance, and easy instances make a supervised
 * warm-start corpus. As an {@link Environment} its tasks are a fixed held-out set, so {@code lyceum eval}
 * measures exactly what the trainer reports.
 */
public abstract class ProceduralEnvironment implements Environment {
    private final String name;
    private final int heldOut;
    private final long heldOutSeed;

    protected ProceduralEnvironment(String name, int heldOut, long heldOutSeed) {
        if (heldOut <= 0) throw new IllegalArgumentException("held-out set size must be positive, was " + heldOut);
        this.name = name;
        this.heldOut = heldOut;
        this.heldOutSeed = heldOutSeed;
    }

    @Override
    public String name() { return name; }

    /** A fresh training task at this environment's difficulty; its reference is the exact answer. */
    public abstract Task generate(SplittableRandom random);

    /** The teacher's guidance for {@code task}, derived from its reference solution. */
    public abstract String hint(Task task);

    /** The prompt with {@code guidance} in context; the answer it asks for is unchanged. */
    public abstract List<Message> guided(Task task, String guidance);

    /** A supervised warm-start example from the easy distribution; {@code guided} ones teach reading guidance. */
    public abstract SftExample sftExample(SplittableRandom random, boolean guided);

    /** The reward of {@code completion}: 1 for the exact reference answer, 0 otherwise. */
    public double reward(Task task, String completion) {
        return completion.equals(task.reference().orElseThrow()) ? 1 : 0;
    }

    /**
     * What {@code lyceum eval} records for {@code completion}: the reward with its diagnostics, or a typed
     * failure. Environments whose reward can fail or explain itself override this together with {@link #reward}.
     */
    public RewardResult result(Task task, String completion) {
        return RewardResult.of(reward(task, completion), Map.of("answer", completion,
                "reference", task.reference().orElse("")));
    }

    /** Tokens an answer needs at most, EOS included, with room for a wrong longer one. */
    public abstract int maxTokens();

    /** Bare prompts: the tiny models these environments train read no chat roles. */
    public PromptFormat format() { return PromptFormat.RAW; }

    /** The held-out evaluation set: distinct tasks from a fixed seed, never seen in training by chance alone. */
    @Override
    public List<Task> tasks() {
        var random = new SplittableRandom(heldOutSeed);
        var seen = new HashSet<String>();
        var out = new ArrayList<Task>(heldOut);
        for (int tries = 0; out.size() < heldOut; tries++) {
            if (tries > 100 * heldOut) throw new IllegalStateException(name + ": cannot draw " + heldOut + " distinct tasks");
            Task t = generate(random);
            if (seen.add(t.id())) out.add(t);
        }
        return out;
    }

    /** One turn: the assistant answers the prompt and {@link #result} scores the answer. */
    @Override
    public Episode start(Task task) {
        return new SingleTurnEnvironment(name(), this::tasks, trajectory -> result(trajectory.task(),
                trajectory.lastBy(Role.ASSISTANT).map(Completion::text).orElse("")),
                Sampling.DEFAULT.withMaxTokens(maxTokens())).start(task);
    }
}
