package ai.lyceum.env.procedural;

import ai.lyceum.env.Environment;
import ai.lyceum.env.Episode;
import ai.lyceum.env.Role;
import ai.lyceum.env.Step;
import ai.lyceum.env.Trajectory;
import ai.lyceum.failure.Failure;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.Sampling;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * "Guess the number", a multi-turn procedural environment: the assistant finds a secret integer in
 * 1..2<sup>{@code difficulty}</sup>−1 in at most {@code difficulty} guesses. One turn (one OpenEnv step) is one
 * guess; the environment answers {@code higher} or {@code lower}, or reminds the assistant of the format when the
 * reply is not an integer, and the episode ends on the secret or when the guesses run out. Binary search always
 * wins, in exactly {@code difficulty} guesses at worst, so the task is solvable and its difficulty is the number
 * of bits to find.
 *
 * <p>The reward is verifiable from the trajectory alone: the assistant's replies are replayed against the secret
 * (the task's reference), 1 when one of the first {@code difficulty} is the secret, else 0, with the guesses used
 * as a diagnostic. An episode in which no reply was an integer is an {@code unparseable} failure, not a 0.
 * The tasks are a fixed set from seed 2026, one secret each; the gold policy replays the secret and wins at once.
 */
public final class GuessNumberEnvironment implements Environment {
    public static final String NAME = "guess-number";
    public static final int MIN_DIFFICULTY = 1;
    /** 2<sup>30</sup>−1 keeps every secret an {@code int}. */
    public static final int MAX_DIFFICULTY = 30;
    public static final int DEFAULT_DIFFICULTY = 10;

    private final int difficulty;
    private final int upper;
    private final List<Task> tasks;

    /**
     * @param seed       fixes the tasks' secrets
     * @param difficulty bits of the secret: range 1..2^difficulty−1, and that many guesses
     * @param taskCount  how many tasks (secrets may repeat across tasks; ids do not)
     */
    public GuessNumberEnvironment(long seed, int difficulty, int taskCount) {
        if (difficulty < MIN_DIFFICULTY || difficulty > MAX_DIFFICULTY) {
            throw new IllegalArgumentException("guess-number difficulty is the secret's bits (range 1..2^d-1, d guesses), "
                    + MIN_DIFFICULTY + "–" + MAX_DIFFICULTY + "; was " + difficulty);
        }
        if (taskCount < 1) throw new IllegalArgumentException("guess-number needs at least one task, was " + taskCount);
        this.difficulty = difficulty;
        this.upper = (1 << difficulty) - 1;
        var random = new SplittableRandom(seed);
        var out = new ArrayList<Task>(taskCount);
        var prompt = List.of(Message.user("I am thinking of an integer between 1 and " + upper + ". You have "
                + difficulty + (difficulty == 1 ? " guess" : " guesses") + ". Reply with one integer; I will say higher or lower."));
        for (int i = 0; i < taskCount; i++) {
            out.add(new Task(NAME + "-" + i, prompt, Optional.of(Integer.toString(1 + random.nextInt(upper))),
                    Map.of("difficulty", difficulty)));
        }
        this.tasks = List.copyOf(out);
    }

    /** Seed 2026, 512 tasks, at {@code difficulty} or {@value #DEFAULT_DIFFICULTY} bits. */
    public static GuessNumberEnvironment of(OptionalInt difficulty) {
        return new GuessNumberEnvironment(2026, difficulty.orElse(DEFAULT_DIFFICULTY), 512);
    }

    @Override
    public String name() { return NAME; }

    public int difficulty() { return difficulty; }

    /** The largest possible secret, 2^difficulty − 1. */
    public int upper() { return upper; }

    @Override
    public List<Task> tasks() { return tasks; }

    @Override
    public Episode start(Task task) {
        int secret = secret(task);
        return new Episode() {
            private final List<Message> messages = new ArrayList<>(task.prompt());
            private int guesses;

            @Override
            public Step begin() { return act(); }

            @Override
            public Step advance(Completion completion) {
                guesses++;
                messages.add(Message.assistant(completion.text()));
                var guess = parse(completion.text());
                if (guess.isPresent() && guess.getAsInt() == secret) return Step.DONE;
                if (guesses >= difficulty) return Step.DONE;
                messages.add(Message.user(guess.isEmpty() ? "Reply with one integer between 1 and " + upper + "."
                        : guess.getAsInt() < secret ? "higher" : "lower"));
                return act();
            }

            @Override
            public Map<String, RewardResult> score(Trajectory trajectory) {
                return Map.of(Role.ASSISTANT, grade(trajectory));
            }

            private Step act() { return new Step.Act(Role.ASSISTANT, messages, Sampling.DEFAULT.withMaxTokens(12)); }
        };
    }

    /**
     * Replays the assistant's replies against the task's secret: 1 when one of the first {@code difficulty} is the
     * secret, 0 otherwise, an {@code unparseable} failure when none was an integer.
     */
    public RewardResult grade(Trajectory trajectory) {
        int secret = secret(trajectory.task());
        int guesses = 0;
        boolean anyInteger = false;
        for (var turn : trajectory.turns()) {
            if (!turn.role().equals(Role.ASSISTANT)) continue;
            if (++guesses > difficulty) break;
            var guess = parse(turn.completion().text());
            anyInteger |= guess.isPresent();
            if (guess.isPresent() && guess.getAsInt() == secret) return RewardResult.of(1, Map.of("guesses", guesses));
        }
        if (!anyInteger) {
            return RewardResult.failed(new Failure.Unparseable(guesses == 0 ? "(no guess)"
                    : Failure.excerpt(trajectory.lastBy(Role.ASSISTANT).map(Completion::text).orElse(""))));
        }
        return RewardResult.of(0, Map.of("guesses", Math.min(guesses, difficulty)));
    }

    /** A reply is a guess when, trimmed, it is a decimal integer (an optional sign, then digits). */
    static OptionalInt parse(String reply) {
        var s = reply.strip();
        if (s.isEmpty() || s.length() > 11) return OptionalInt.empty();
        try {
            return OptionalInt.of(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static int secret(Task task) {
        return Integer.parseInt(task.reference().orElseThrow(() -> new IllegalArgumentException(
                "guess-number task " + task.id() + " has no secret (its reference)")));
    }
}
