package ai.lyceum.env.procedural;

import ai.lyceum.reward.RewardResult;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * "Arithmetic": the sum of two numbers of {@code difficulty} digits each, worked column by column. The prompt
 * is {@code 347+285=}; the completion is a scratchpad and the answer, {@code 213160=632}. The scratchpad holds
 * one pair of characters per column, least-significant column first: the column's sum digit, then the carry
 * it passes on (7+5 → {@code 21}, 4+8+1 → {@code 31}, 3+2+1 → {@code 60}). Fixed-width pairs need no
 * separator, and the model computes each column right after the carry it needs. The answer follows the only
 * {@code =}, most-significant digit first, as the sum is written.
 *
 * <p>Only the answer is graded: the text after the completion's last {@code =} must be the sum's decimal
 * spelling exactly (no sign, spaces or leading zeros); a completion without {@code =} scores 0.
 *
 * <p>The teacher's guidance is the carry into every column, least-significant first, the last being the
 * carry out of the top column, placed before the problem: {@code carries=0110;347+285=}. It is read off the
 * reference scratchpad. The warm-start corpus holds easier sums, each operand of 1 to {@code difficulty − 1}
 * digits; guided examples are correct sums with their carries in context, so the model learns that the hint
 * and its scratchpad's carries agree.
 */
public final class ArithmeticEnvironment extends ProceduralEnvironment {
    public static final String NAME = "arithmetic";
    public static final int MIN_DIFFICULTY = 2;
    /** The largest difficulty whose guided prompt and {@link #maxTokens()} fit the tiny model's context. */
    public static final int MAX_DIFFICULTY = maxDifficulty(TINY_CONTEXT);
    private static final String CARRIES = "carries=";
    // Spare tokens after the reference's length, so a wrong answer a column too long still ends with EOS.
    private static final int SPARE = 4;

    private final int difficulty;

    /**
     * @param seed       fixes the held-out set
     * @param difficulty digits of each operand in generated tasks, {@value #MIN_DIFFICULTY} to {@link #MAX_DIFFICULTY}
     * @param heldOut    size of the held-out evaluation set
     */
    public ArithmeticEnvironment(long seed, int difficulty, int heldOut) {
        super(NAME, heldOut, seed ^ 0xADD);
        if (difficulty < MIN_DIFFICULTY || difficulty > MAX_DIFFICULTY) {
            throw new IllegalArgumentException("arithmetic difficulty is digits per operand, " + MIN_DIFFICULTY + "–"
                    + MAX_DIFFICULTY + " (a guided prompt and " + maxTokens(difficulty) + " answer tokens must fit the "
                    + "tiny model's " + TINY_CONTEXT + " positions, and the warm-start needs fewer "
                    + "digits); was " + difficulty);
        }
        long operands = 9 * pow10(difficulty - 1);
        if (heldOut > operands * operands / 2) {
            throw new IllegalArgumentException("held-out set of " + heldOut + " is too large for " + operands * operands
                    + " distinct sums of " + difficulty + "-digit numbers");
        }
        this.difficulty = difficulty;
    }

    /** Seed 2026, three-digit operands, 512 held out. */
    public static ArithmeticEnvironment standard() { return new ArithmeticEnvironment(2026, 3, 512); }

    public int difficulty() { return difficulty; }

    @Override
    protected Task newTask(SplittableRandom random) {
        return task(operand(random, difficulty), operand(random, difficulty));
    }

    /** The task {@code a+b=}, its id {@code a+b}, its reference the worked solution; any operand sizes. */
    public static Task task(long a, long b) {
        String problem = a + "+" + b;
        return new Task(problem, List.of(Message.user(problem + "=")), Optional.of(solution(a, b)),
                Map.of("digits", Math.max(digits(a), digits(b))));
    }

    /** The reference completion: the scratchpad, {@code =}, then the sum. */
    static String solution(long a, long b) {
        var out = new StringBuilder();
        int carry = 0;
        for (long x = a, y = b; x > 0 || y > 0 || out.isEmpty(); x /= 10, y /= 10) {
            int s = (int) (x % 10 + y % 10) + carry;
            carry = s / 10;
            out.append(s % 10).append(carry);
        }
        return out.append('=').append(a + b).toString();
    }

    @Override
    protected String hint(Task task) {
        String reference = task.reference().orElseThrow();
        String scratchpad = reference.substring(0, reference.lastIndexOf('='));
        var carries = new StringBuilder("0"); // nothing carries into the units column
        for (int i = 1; i < scratchpad.length(); i += 2) carries.append(scratchpad.charAt(i));
        return CARRIES + carries;
    }

    @Override
    public List<Message> withGuidance(Task task, String guidance) {
        return List.of(Message.user(guidance + ";" + task.id() + "="));
    }

    @Override
    public SftExample sftExample(SplittableRandom random, boolean guided) {
        int easier = difficulty - 1;
        Task t = task(operand(random, 1 + random.nextInt(easier)), operand(random, 1 + random.nextInt(easier)));
        var prompt = guided ? withGuidance(t, hint(t)) : t.prompt();
        return new SftExample(prompt, t.reference().orElseThrow(), guided);
    }

    /** 1 when the text after the completion's last {@code =} is exactly the sum, 0 otherwise. */
    @Override
    public RewardResult grade(Task task, String completion) {
        String reference = task.reference().orElseThrow();
        int eq = completion.lastIndexOf('=');
        boolean right = eq >= 0
                && completion.substring(eq + 1).equals(reference.substring(reference.lastIndexOf('=') + 1));
        return RewardResult.of(right ? 1 : 0, Map.of("answer", completion, "reference", reference));
    }

    @Override
    public int maxTokens() { return maxTokens(difficulty); }

    /** A scratchpad pair per column, {@code =}, a sum of up to one digit more, EOS, and spare. */
    private static int maxTokens(int digits) {
        return 2 * digits + 1 + (digits + 1) + 1 + SPARE;
    }

    /** BOS, {@code carries=} with one carry per column, {@code ;}, then {@code a+b=}. */
    private static int guidedPromptTokens(int digits) {
        return 1 + CARRIES.length() + digits + 1 + 1 + 2 * digits + 2;
    }

    private static int maxDifficulty(int maxSeqLen) {
        int d = MIN_DIFFICULTY;
        while (guidedPromptTokens(d + 1) + maxTokens(d + 1) <= maxSeqLen) d++;
        return d;
    }

    /** A number of exactly {@code digits} digits (0–9 for one digit). */
    private static long operand(SplittableRandom random, int digits) {
        if (digits == 1) return random.nextInt(10);
        long low = pow10(digits - 1);
        return low + random.nextLong(9 * low);
    }

    private static int digits(long n) { return Long.toString(n).length(); }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) p *= 10;
        return p;
    }
}
