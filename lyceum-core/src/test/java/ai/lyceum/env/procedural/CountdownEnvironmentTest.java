package ai.lyceum.env.procedural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CountdownEnvironmentTest {
    private static final Pattern NUMBER = Pattern.compile("[0-9]+");
    private final CountdownEnvironment env = CountdownEnvironment.of(3);

    @Test
    void tasksGiveTheDifficultysNumbersAndTheirReferenceSolvesThem() {
        var random = new SplittableRandom(3);
        var operators = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            Task t = env.generate(random);
            assertThat(t.id()).matches("[0-9]+ [0-9]+ [0-9]+>[1-9][0-9]*");
            assertThat(t.prompt().getFirst().content()).isEqualTo(t.id() + ":");
            var numbers = given(t);
            assertThat(numbers).isSorted().allSatisfy(n -> assertThat(n).isBetween(1L, 20L));
            String reference = t.reference().orElseThrow();
            assertThat(numbersIn(reference)).containsExactlyInAnyOrderElementsOf(numbers);
            assertThat(exactValue(reference)).isEqualTo(BigInteger.valueOf(target(t)));
            assertThat(env.grade(t, reference).value()).isEqualTo(1);
            operators.append(reference.replaceAll("[0-9()]", ""));
        }
        assertThat(operators.toString()).contains("+", "-", "*", "/");
    }

    @Test
    void theHintIsTheReferencesFirstOperation() {
        Task t = task("3 7 12>33", "3*7+12");
        assertThat(env.hint(t)).isEqualTo("3*7");
        assertThat(env.hint(task("2 3 6>0", "6-(3-2)"))).isEqualTo("3-2");
        assertThat(env.withGuidance(t, "3*7").getFirst().content()).isEqualTo("3*7;3 7 12>33:");
        var random = new SplittableRandom(4);
        for (int i = 0; i < 500; i++) {
            Task g = env.generate(random);
            String hint = env.hint(g), reference = g.reference().orElseThrow();
            assertThat(hint).matches("[0-9]+[-+*/][0-9]+");
            assertThat(reference).contains(hint);
            assertThat(given(g)).containsAll(numbersIn(hint));
            assertThat(exactValue(hint).signum()).as("a step of the solution is a positive whole number").isPositive();
        }
    }

    @Test
    void theRewardIsOneOnlyForAnExpressionOverExactlyTheGivenNumbersThatHitsTheTarget() {
        Task t = task("3 7 12>33", "3*7+12");
        for (String right : List.of("3*7+12", "12+7*3", " 3 * 7 + 12 ", "(3*7)+12", "((3*7)+12)", "7*3+12",
                "(".repeat(40) + "3*7+12" + ")".repeat(40))) {
            assertThat(env.grade(t, right).value()).as(right).isEqualTo(1);
        }
        assertThat(verdict(t, "3*7+12+7-7")).isEqualTo("uses 7 3 times, but it is given once");
        assertThat(verdict(t, "3*7+12+0")).isEqualTo("uses 0, which is not given");
        assertThat(verdict(t, "33")).isEqualTo("uses 33, which is not given");
        assertThat(verdict(t, "3+7+12")).isEqualTo("evaluates to 22, not 33");
        assertThat(verdict(task("2 3 6>6", "6*(3-2)"), "6")).startsWith("leaves");
        assertThat(verdict(task("2 3 4>6", "4*3/2"), "3/2*4")).isEqualTo("inexact division 3/2");
        assertThat(env.grade(task("2 3 4>6", "4*3/2"), "4*3/2").value()).isEqualTo(1);
        assertThat(verdict(task("2 2 5>20", "5*2*2"), "5/(2-2)")).isEqualTo("division by zero");
    }

    @Test
    void garbageScoresZeroWithoutThrowing() {
        Task t = task("3 7 12>33", "3*7+12");
        var garbage = new ArrayList<>(List.of("", " ", "abc", "3*7+", "3**7+12", "(3*7+12", "3*7+12)", "3*7+12=33",
                "-3*7+12", "3*7+012", "3×7+12", "٣*7+12", "3*7+12\n", "()", "99999999999999999999*0+3*7+12",
                "3*7+12;", "3 7 12"));
        garbage.add("(".repeat(5000) + "3*7+12" + ")".repeat(5000));
        garbage.add("(".repeat(40) + "3*7+12");
        for (String g : garbage) {
            assertThat(env.grade(t, g).value()).as(g).isZero();
            assertThat(verdict(t, g)).as(g).startsWith("unparsable");
        }
    }

    @Test
    void warmStartExamplesAreEasierSolvedInstancesAndGuidedOnesCarryTheirHint() {
        var random = new SplittableRandom(5);
        for (var e : List.of(env, CountdownEnvironment.of(4))) {
            int guided = 0, most = 0;
            for (int i = 0; i < 1000; i++) {
                var example = e.sftExample(random, i % 3 == 0);
                String prompt = example.prompt().getFirst().content();
                String problem = prompt.substring(prompt.indexOf(';') + 1, prompt.length() - 1);
                Task t = task(problem, example.completion());
                most = Math.max(most, given(t).size());
                assertThat(given(t).size()).isBetween(2, e.difficulty() - 1);
                assertThat(e.grade(t, example.completion()).value()).isEqualTo(1);
                assertThat(exactValue(example.completion())).isEqualTo(BigInteger.valueOf(target(t)));
                if (example.guided()) {
                    guided++;
                    assertThat(prompt).isEqualTo(e.hint(t) + ";" + problem + ":");
                } else {
                    assertThat(prompt).isEqualTo(problem + ":");
                }
            }
            assertThat(guided).isEqualTo(334);
            assertThat(most).isEqualTo(e.difficulty() - 1);
        }
    }

    @Test
    void everyGuidedPromptAndAnswerFitsTheTinyModel() {
        int seq = ProceduralEnvironment.TINY_CONTEXT;
        for (int d = CountdownEnvironment.MIN_DIFFICULTY; d <= CountdownEnvironment.MAX_DIFFICULTY; d++) {
            var e = CountdownEnvironment.of(d);
            String worst = "20*20;" + "20 ".repeat(d - 1) + "20>" + (long) Math.pow(20, d) + ":";
            assertThat(1 + worst.length() + e.maxTokens()).isLessThanOrEqualTo(seq);
            String longest = "20"; // two-digit numbers, every operation but the root in parentheses
            for (int k = 1; k < d; k++) longest = (k == 1 ? longest : "(" + longest + ")") + "+20";
            assertThat(longest.length() + 1).isLessThanOrEqualTo(e.maxTokens() - 4);
            var random = new SplittableRandom(d);
            for (int i = 0; i < 300; i++) {
                Task t = e.generate(random);
                assertThat(t.reference().orElseThrow().length() + 1).isLessThanOrEqualTo(e.maxTokens() - 4);
            }
        }
    }

    @Test
    void theHeldOutSetIsStableAndDistinct() {
        var a = env.tasks();
        assertThat(a).hasSize(512).extracting(Task::id).doesNotHaveDuplicates();
        assertThat(CountdownEnvironment.of(3).tasks()).isEqualTo(a);
        assertThat(CountdownEnvironment.of(2).tasks()).hasSize(256).extracting(Task::id).doesNotHaveDuplicates();
    }

    @Test
    void rejectsAnImpossibleDifficultyOrHeldOutSet() {
        assertThatThrownBy(() -> new CountdownEnvironment(1, 1, 10)).hasMessageContaining("2–4");
        assertThatThrownBy(() -> new CountdownEnvironment(1, 5, 10)).hasMessageContaining("2–4");
        assertThatThrownBy(() -> new CountdownEnvironment(1, 2, 512)).hasMessageContaining("654");
        assertThat(Optional.of(Registry.procedural("countdown", OptionalInt.of(4)))).get()
                .isInstanceOfSatisfying(CountdownEnvironment.class, e -> assertThat(e.difficulty()).isEqualTo(4));
    }

    private static Task task(String id, String reference) {
        return new Task(id, List.of(Message.user(id + ":")), Optional.of(reference), Map.of());
    }

    private static String verdict(Task t, String completion) { return CountdownEnvironment.judge(t, completion).reason(); }

    private static List<Long> given(Task t) {
        return Arrays.stream(t.id().split(">")[0].split(" ")).map(Long::parseLong).toList();
    }

    private static long target(Task t) { return Long.parseLong(t.id().split(">")[1]); }

    private static List<Long> numbersIn(String expression) {
        return NUMBER.matcher(expression).results().map(m -> Long.parseLong(m.group())).toList();
    }

    /**
     * An evaluator independent of the one under test: shunting-yard to postfix, then exact integers, failing the
     * test on a division with a remainder or by zero.
     */
    private static BigInteger exactValue(String expression) {
        var output = new ArrayList<String>();
        var ops = new ArrayDeque<Character>();
        var tokens = Pattern.compile("[0-9]+|[-+*/()]").matcher(expression).results().map(m -> m.group()).toList();
        assertThat(String.join("", tokens)).isEqualTo(expression.replace(" ", ""));
        for (String tok : tokens) {
            char c = tok.charAt(0);
            if (Character.isDigit(c)) output.add(tok);
            else if (c == '(') ops.push(c);
            else if (c == ')') {
                while (ops.peek() != '(') output.add(String.valueOf(ops.pop()));
                ops.pop();
            } else {
                while (!ops.isEmpty() && ops.peek() != '(' && rank(ops.peek()) >= rank(c)) output.add(String.valueOf(ops.pop()));
                ops.push(c);
            }
        }
        while (!ops.isEmpty()) output.add(String.valueOf(ops.pop()));
        var stack = new ArrayDeque<BigInteger>();
        for (String tok : output) {
            if (Character.isDigit(tok.charAt(0))) {
                stack.push(new BigInteger(tok));
                continue;
            }
            BigInteger b = stack.pop(), a = stack.pop();
            stack.push(switch (tok.charAt(0)) {
                case '+' -> a.add(b);
                case '-' -> a.subtract(b);
                case '*' -> a.multiply(b);
                default -> {
                    assertThat(b.signum()).as("divisor in " + expression).isNotZero();
                    assertThat(a.mod(b.abs()).signum()).as("exact division in " + expression).isZero();
                    yield a.divide(b);
                }
            });
        }
        assertThat(stack).hasSize(1);
        return stack.pop();
    }

    private static int rank(char op) { return op == '+' || op == '-' ? 1 : 2; }
}
