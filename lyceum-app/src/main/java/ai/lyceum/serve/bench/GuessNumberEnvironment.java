package ai.lyceum.serve.bench;

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
import java.util.SplittableRandom;

/**
 * A procedural multi-turn environment for the serving benchmark: guess a secret number in 1..{@code range} in at
 * most {@code maxGuesses} turns, told "higher" or "lower" after each wrong guess. Tasks come from a fixed seed, so a
 * run is reproducible; reward 1 for finding the number, 0 otherwise, and a parse failure when no guess was a number.
 * With range 1,024 and 10 guesses a binary search always wins, in exactly 10 turns at worst.
 */
public final class GuessNumberEnvironment implements Environment {
    public static final String NAME = "guess-number";

    private final int range;
    private final int maxGuesses;
    private final List<Task> tasks;

    public GuessNumberEnvironment(int taskCount, int range, int maxGuesses, long seed) {
        this.range = range;
        this.maxGuesses = maxGuesses;
        var random = new SplittableRandom(seed);
        var out = new ArrayList<Task>(taskCount);
        for (int i = 0; i < taskCount; i++) {
            out.add(new Task(NAME + "-" + i, List.of(Message.user("Guess my number between 1 and " + range
                    + ". Reply with one integer; I will say higher or lower.")),
                    Optional.of(Integer.toString(1 + random.nextInt(range))), Map.of()));
        }
        this.tasks = List.copyOf(out);
    }

    @Override
    public String name() { return NAME; }

    @Override
    public List<Task> tasks() { return tasks; }

    @Override
    public Episode start(Task task) {
        int secret = Integer.parseInt(task.reference().orElseThrow());
        return new Episode() {
            private final List<Message> messages = new ArrayList<>(task.prompt());
            private int guesses;
            private boolean found;
            private boolean anyNumber;

            @Override
            public Step begin() { return act(); }

            @Override
            public Step advance(Completion completion) {
                guesses++;
                messages.add(Message.assistant(completion.text()));
                Integer guess = null;
                try {
                    guess = Integer.valueOf(completion.text().strip());
                    anyNumber = true;
                } catch (NumberFormatException e) {
                    messages.add(Message.user("Reply with one integer between 1 and " + range + "."));
                }
                if (guess != null && guess == secret) found = true;
                else if (guess != null) messages.add(Message.user(guess < secret ? "higher" : "lower"));
                return found || guesses >= maxGuesses ? Step.DONE : act();
            }

            @Override
            public Map<String, RewardResult> score(Trajectory trajectory) {
                if (!anyNumber) return Map.of(Role.ASSISTANT, RewardResult.failed(new Failure.Unparseable("no guess was an integer")));
                return Map.of(Role.ASSISTANT, RewardResult.of(found ? 1 : 0, Map.of("guesses", guesses)));
            }

            private Step act() { return new Step.Act(Role.ASSISTANT, messages, Sampling.DEFAULT.withMaxTokens(8)); }
        };
    }
}
