package ai.lyceum.env.propose;

import ai.lyceum.env.procedural.ArithmeticEnvironment;
import ai.lyceum.env.procedural.SftExample;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Proposals of additions for the {@code arithmetic} solver: the proposer writes {@code a+b} (decimal operands, no
 * sign, no leading zero, no spaces), the solver answers it as {@link ArithmeticEnvironment} poses it ({@code a+b=}
 * → scratchpad {@code =} sum). Difficulty is the operands' length: the solver's per-column errors compound, so
 * longer sums are harder. The judge rejects as malformed anything that is not {@code a+b}, and as unsolvable an
 * operand longer than {@code maxDigits}: its worked answer would not fit the solver's context. BLEU compares
 * proposals character by character (a sum has no spaces to split on).
 */
public final class ArithmeticProposals implements ProceduralProposals {
    public static final String NAME = "arithmetic";
    /** The proposer's role prompt, short enough for the tiny model's context. */
    public static final String PROMPT = "Write a sum a+b:";
    private static final Pattern SUM = Pattern.compile("(\\d+)\\+(\\d+)");
    // Spare tokens after the longest proposal, so a wrongly long one still ends with EOS.
    private static final int SPARE = 4;

    private final int maxDigits;
    private final ArithmeticEnvironment solver;

    /** @param maxDigits the longest operand the solver is asked to add, 1 to {@link ArithmeticEnvironment#MAX_DIFFICULTY} */
    public ArithmeticProposals(int maxDigits) {
        if (maxDigits < 1 || maxDigits > ArithmeticEnvironment.MAX_DIFFICULTY) {
            throw new IllegalArgumentException("arithmetic proposals have operands of 1–" + ArithmeticEnvironment.MAX_DIFFICULTY
                    + " digits (the tiny model's context); was " + maxDigits);
        }
        this.maxDigits = maxDigits;
        // Grading does not depend on the difficulty; answers are sized for the longest operand.
        this.solver = new ArithmeticEnvironment(2026, Math.max(ArithmeticEnvironment.MIN_DIFFICULTY, maxDigits), 1);
    }

    public int maxDigits() { return maxDigits; }

    @Override
    public String name() { return NAME; }

    @Override
    public List<Message> proposerPrompt() { return List.of(Message.user(PROMPT)); }

    @Override
    public Judged judge(String proposal) {
        String text = proposal.strip();
        var m = SUM.matcher(text);
        if (!m.matches()) return Judged.malformed("not a sum a+b of decimal numbers: '" + Judged.excerpt(text) + "'");
        for (int g = 1; g <= 2; g++) {
            String operand = m.group(g);
            if (operand.length() > 1 && operand.charAt(0) == '0') return Judged.malformed("operand " + operand + " has a leading zero");
            if (operand.length() > maxDigits) {
                return Judged.unsolvable("operand of " + operand.length() + " digits: the worked answer for more than "
                        + maxDigits + " does not fit the solver's context");
            }
        }
        return new Judged.Accepted(ArithmeticEnvironment.task(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
    }

    @Override
    public RewardResult grade(Task task, String attempt) { return solver.grade(task, attempt); }

    /** The text after the attempt's last {@code =}, as the grader reads it. */
    @Override
    public Optional<String> answerOf(String attempt) {
        int eq = attempt.lastIndexOf('=');
        return eq < 0 || eq == attempt.length() - 1 ? Optional.empty() : Optional.of(attempt.substring(eq + 1));
    }

    @Override
    public List<String> tokens(String proposal) { return proposal.strip().chars().mapToObj(Character::toString).toList(); }

    @Override
    public int proposerMaxTokens() { return 2 * maxDigits + 1 + 1 + SPARE; }

    @Override
    public int solverMaxTokens() { return solver.maxTokens(); }

    /** A sum of two {@code digits}-digit operands (0–9 for one digit): the difficulty knob of the baselines. */
    @Override
    public Task sample(SplittableRandom random, int digits) {
        if (digits < 1 || digits > maxDigits) throw new IllegalArgumentException("digits 1–" + maxDigits + ", was " + digits);
        return ArithmeticEnvironment.task(operand(random, digits), operand(random, digits));
    }

    /** The difficulty of a sum: its longer operand's digits. */
    @Override
    public int difficulty(Task task) { return ((Number) task.metadata().get("digits")).intValue(); }

    /** A warm-start example of the proposer role: a well-formed sum, each operand 1 to {@code maxDigits} digits. */
    @Override
    public SftExample proposerExample(SplittableRandom random) {
        String sum = operand(random, 1 + random.nextInt(maxDigits)) + "+" + operand(random, 1 + random.nextInt(maxDigits));
        return new SftExample(proposerPrompt(), sum, false);
    }

    /** A warm-start example of the solver role: a sum of 1 to {@code maxDigits} digits and its worked answer. */
    @Override
    public SftExample solverExample(SplittableRandom random) {
        Task t = sample(random, 1 + random.nextInt(maxDigits));
        return new SftExample(t.prompt(), t.reference().orElseThrow(), false);
    }

    @Override
    public int maxLevel() { return maxDigits; }

    @Override
    public int minLevel() { return 1; }

    @Override
    public ai.lyceum.env.procedural.ProceduralEnvironment solverEnvironment() { return solver; }

    private static long operand(SplittableRandom random, int digits) {
        if (digits == 1) return random.nextInt(10);
        long low = 1;
        for (int i = 1; i < digits; i++) low *= 10;
        return low + random.nextLong(9 * low);
    }
}
