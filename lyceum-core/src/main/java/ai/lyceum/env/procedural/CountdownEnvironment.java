package ai.lyceum.env.procedural;

import ai.lyceum.reward.RewardResult;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import ai.lyceum.env.procedural.CountdownExpression.Operation;
import ai.lyceum.env.procedural.CountdownExpression.Parsed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * "Countdown", as TinyZero poses it: given {@code difficulty} numbers from 1 to {@value #MAX_NUMBER} and a target,
 * write an expression with {@code + - * /} and parentheses that uses each number exactly once and equals the
 * target. The prompt lists the numbers in ascending order, then the target: {@code 3 7 12>33:}; the completion
 * is the bare expression, {@code 3*7+12}, spaces allowed between tokens.
 *
 * <p>Tasks are solvable by construction: the generator combines random pairs of the numbers with random
 * operators until one value is left, keeping every intermediate a positive whole number (a subtraction puts the
 * larger first, a division must be exact), and that value is the target. The generating expression, printed
 * with only the parentheses it needs, is the reference. The reward parses the completion by recursive descent
 * and evaluates it exactly ({@code long}, a division with a remainder or by zero is invalid); anything
 * unparsable, using another multiset of numbers, or invalid scores 0, never throws.
 *
 * <p>The teacher's guidance is the reference's first operation, the innermost leftmost one, placed before the
 * problem: {@code 3*7;3 7 12>33:}. The warm-start corpus holds easier instances of 2 to
 * {@code difficulty − 1} numbers (2 at difficulty 2 and 3, where nothing fewer is a puzzle).
 */
public final class CountdownEnvironment extends ProceduralEnvironment {
    public static final String NAME = "countdown";
    public static final int MIN_DIFFICULTY = 2;
    public static final int MAX_DIFFICULTY = 4;
    public static final int MAX_NUMBER = 20;
    private static final String OPERATORS = "+-*/";
    // Spare tokens after the longest reference, so a wrongly long answer still ends with EOS.
    private static final int SPARE = 4;

    private final int difficulty;

    /**
     * @param seed       fixes the held-out set
     * @param difficulty how many numbers each task gives, {@value #MIN_DIFFICULTY}–{@value #MAX_DIFFICULTY}
     * @param heldOut    size of the held-out evaluation set; at most 327 at difficulty 2, which has 654 tasks
     */
    public CountdownEnvironment(long seed, int difficulty, int heldOut) {
        super(NAME, heldOut, seed ^ 0xC0DE);
        if (difficulty < MIN_DIFFICULTY || difficulty > MAX_DIFFICULTY) {
            throw new IllegalArgumentException("countdown difficulty is how many numbers a task gives, "
                    + MIN_DIFFICULTY + "–" + MAX_DIFFICULTY + "; was " + difficulty);
        }
        // Two numbers give only 654 distinct tasks; drawing most of them would leave training nothing unseen.
        if (difficulty == 2 && heldOut > 327) {
            throw new IllegalArgumentException("held-out set of " + heldOut + " is more than half the 654 distinct "
                    + "two-number countdown tasks");
        }
        this.difficulty = difficulty;
    }

    /** Seed 2026 with 512 held out, or 256 at difficulty 2. */
    public static CountdownEnvironment of(int difficulty) {
        return new CountdownEnvironment(2026, difficulty, difficulty == 2 ? 256 : 512);
    }

    public int difficulty() { return difficulty; }

    @Override
    protected Task newTask(SplittableRandom random) {
        return task(build(random, difficulty));
    }

    private static Task task(CountdownExpression solution) {
        var numbers = solution.numbers();
        numbers.sort(null);
        var problem = new StringBuilder();
        for (long n : numbers) problem.append(problem.isEmpty() ? "" : " ").append(n);
        problem.append('>').append(solution.value());
        String id = problem.toString();
        return new Task(id, List.of(Message.user(id + ":")), Optional.of(solution.text()), Map.of("numbers", numbers.size()));
    }

    /** A random expression over {@code count} random numbers whose every intermediate is a positive integer. */
    static CountdownExpression build(SplittableRandom random, int count) {
        var nodes = new ArrayList<CountdownExpression>(count);
        for (int i = 0; i < count; i++) nodes.add(new CountdownExpression.Number(1 + random.nextInt(MAX_NUMBER)));
        while (nodes.size() > 1) {
            var a = nodes.remove(random.nextInt(nodes.size()));
            var b = nodes.remove(random.nextInt(nodes.size()));
            nodes.add(combine(random, a, b));
        }
        return nodes.getFirst();
    }

    private static CountdownExpression combine(SplittableRandom random, CountdownExpression a, CountdownExpression b) {
        long x = a.value(), y = b.value();
        var big = x >= y ? a : b;
        var small = x >= y ? b : a;
        long hi = Math.max(x, y), lo = Math.min(x, y);
        while (true) { // '+' is always allowed, so this ends
            char op = OPERATORS.charAt(random.nextInt(OPERATORS.length()));
            switch (op) {
                case '+', '*' -> { return new Operation(op, a, b); }
                case '-' -> { if (hi != lo) return new Operation(op, big, small); }
                default -> { if (hi % lo == 0) return new Operation(op, big, small); }
            }
        }
    }

    @Override
    protected String hint(Task task) {
        return switch (CountdownExpression.parse(task.reference().orElseThrow())) {
            case Parsed.Valid(var reference) -> reference.firstOperation().text();
            case Parsed.Rejected(var reason) -> throw new IllegalArgumentException(
                    "task " + task.id() + " has an unparsable reference: " + reason);
        };
    }

    @Override
    public List<Message> withGuidance(Task task, String guidance) {
        return List.of(Message.user(guidance + ";" + task.id() + ":"));
    }

    @Override
    public SftExample sftExample(SplittableRandom random, boolean guided) {
        int count = MIN_DIFFICULTY + random.nextInt(Math.max(1, difficulty - MIN_DIFFICULTY));
        Task t = task(build(random, count));
        return new SftExample(guided ? withGuidance(t, hint(t)) : t.prompt(), t.reference().orElseThrow(), guided);
    }

    @Override
    public RewardResult grade(Task task, String completion) {
        var judgement = judge(task, completion);
        return RewardResult.of(judgement.solved() ? 1 : 0,
                Map.of("answer", completion, "reference", task.reference().orElse(""), "verdict", judgement.reason()));
    }

    /** Whether {@code completion} solves {@code task}, and if not, why. */
    record Judgement(boolean solved, String reason) {
        static final Judgement SOLVED = new Judgement(true, "solved");

        static Judgement no(String reason) { return new Judgement(false, reason); }
    }

    static Judgement judge(Task task, String completion) {
        String[] problem = task.id().split(">");
        long target = Long.parseLong(problem[1]);
        var given = Arrays.stream(problem[0].split(" ")).map(Long::parseLong).toList();
        return switch (CountdownExpression.parse(completion)) {
            case Parsed.Rejected(var reason) -> Judgement.no("unparsable: " + reason);
            case Parsed.Valid(var expression) -> {
                var mismatch = mismatch(given, expression.numbers());
                if (mismatch.isPresent()) yield Judgement.no(mismatch.get());
                long value;
                try {
                    value = expression.value();
                } catch (ArithmeticException invalid) {
                    yield Judgement.no(invalid.getMessage());
                }
                yield value == target ? Judgement.SOLVED : Judgement.no("evaluates to " + value + ", not " + target);
            }
        };
    }

    /** Why {@code used} is not exactly the multiset {@code given}, if it is not. */
    private static Optional<String> mismatch(List<Long> given, List<Long> used) {
        var left = new HashMap<Long, Integer>();
        for (long n : given) left.merge(n, 1, Integer::sum);
        for (long n : used) {
            int remaining = left.getOrDefault(n, 0);
            if (remaining == 0) {
                if (!given.contains(n)) return Optional.of("uses " + n + ", which is not given");
                long times = used.stream().filter(u -> u == n).count(), allowed = given.stream().filter(g -> g == n).count();
                return Optional.of("uses " + n + " " + times(times) + ", but it is given " + times(allowed));
            }
            left.put(n, remaining - 1);
        }
        return left.entrySet().stream().filter(e -> e.getValue() > 0).map(e -> "leaves " + e.getKey() + " unused").findFirst();
    }

    private static String times(long n) {
        return n == 1 ? "once" : n == 2 ? "twice" : n + " times";
    }

    @Override
    public int maxTokens() { return maxTokens(difficulty); }

    /** Two digits per number, an operator between each two, parentheses around each operation but the root, EOS, spare. */
    static int maxTokens(int numbers) {
        return 2 * numbers + (numbers - 1) + 2 * (numbers - 2) + 1 + SPARE;
    }
}
