package ai.lyceum.env.procedural;

import ai.lyceum.env.Environment;
import ai.lyceum.env.Episode;
import ai.lyceum.env.Role;
import ai.lyceum.env.SingleTurnEnvironment;
import ai.lyceum.env.guide.Guidance;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.Sampling;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A generated, verifiable environment: tasks come from a seeded generator at a set difficulty, each carrying its
 * reference solution and the guidance a teacher derives from it ({@link Guidance#HINT}), and easy instances make
 * a supervised warm-start corpus. Its {@link #tasks()} are a fixed held-out set, so {@code lyceum eval} measures
 * exactly what the trainer reports; training draws fresh tasks from {@link #generate}.
 */
public abstract class ProceduralEnvironment implements Environment {
    /**
     * Positions of the tiny embedded model these environments are sized for; lyceum-train's {@code ModelConfig.tiny()}
     * has the same (a test there keeps the two equal).
     */
    public static final int TINY_CONTEXT = 64;

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

    /** A fresh task at this environment's difficulty, with its reference answer and the teacher's guidance. */
    public final Task generate(SplittableRandom random) {
        Task t = newTask(random);
        return Guidance.withHint(t, hint(t));
    }

    /** A fresh task; its reference is the exact answer. */
    protected abstract Task newTask(SplittableRandom random);

    /** The guidance for {@code task}, derived from its reference solution. */
    protected abstract String hint(Task task);

    /** The prompt with {@code guidance} in context; the answer it asks for is unchanged. */
    @Override
    public abstract List<Message> withGuidance(Task task, String guidance);

    /** A supervised warm-start example from the easy distribution; {@code guided} ones teach reading guidance. */
    public abstract SftExample sftExample(SplittableRandom random, boolean guided);

    /**
     * The reward of {@code answer}, with its diagnostics or a typed failure: by default 1 for the exact reference
     * answer, 0 otherwise.
     */
    public RewardResult grade(Task task, String answer) {
        String reference = task.reference().orElseThrow();
        return RewardResult.of(answer.equals(reference) ? 1 : 0, Map.of("answer", answer, "reference", reference));
    }

    /** Tokens an answer needs at most, EOS included, with room for a wrong longer one. */
    public abstract int maxTokens();

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

    /** One turn: the assistant answers the prompt and {@link #grade} scores the answer. */
    @Override
    public Episode start(Task task) {
        return new SingleTurnEnvironment(name(), this::tasks, trajectory -> grade(trajectory.task(),
                trajectory.lastBy(Role.ASSISTANT).map(Completion::text).orElse("")),
                Sampling.DEFAULT.withMaxTokens(maxTokens())).start(task);
    }
}
