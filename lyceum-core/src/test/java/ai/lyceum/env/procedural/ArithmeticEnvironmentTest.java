package ai.lyceum.env.procedural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArithmeticEnvironmentTest {
    private final ArithmeticEnvironment env = ArithmeticEnvironment.standard();

    @Test
    void theScratchpadIsSumDigitAndCarryPerColumnLeastSignificantFirst() {
        assertThat(ArithmeticEnvironment.solution(347, 285)).isEqualTo("213160=632");
        assertThat(ArithmeticEnvironment.solution(999, 1)).isEqualTo("010101=1000");
        assertThat(ArithmeticEnvironment.solution(0, 0)).isEqualTo("00=0");
        assertThat(ArithmeticEnvironment.solution(5, 123)).isEqualTo("802010=128");
        Task t = task("347+285");
        assertThat(env.hint(t)).isEqualTo("carries=0110");
        assertThat(env.withGuidance(t, env.hint(t)).getFirst().content()).isEqualTo("carries=0110;347+285=");
    }

    @Test
    void tasksHaveTheDifficultysDigitsAndReferencesFollowTheScratchpadRules() {
        var random = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            Task t = env.generate(random);
            String[] operands = t.id().split("\\+");
            assertThat(operands).hasSize(2).allSatisfy(o -> assertThat(o).matches("[1-9][0-9]{2}"));
            assertThat(t.prompt().getFirst().content()).isEqualTo(t.id() + "=");
            long a = Long.parseLong(operands[0]), b = Long.parseLong(operands[1]);
            assertThat(checkedSolution(a, b, t.reference().orElseThrow())).isEqualTo(a + b);
            assertThat(env.grade(t, t.reference().orElseThrow()).value()).isEqualTo(1);
        }
    }

    @Test
    void theHintIsTheCarryIntoEveryColumn() {
        var random = new SplittableRandom(4);
        for (int i = 0; i < 500; i++) {
            Task t = env.generate(random);
            String[] operands = t.id().split("\\+");
            long a = Long.parseLong(operands[0]), b = Long.parseLong(operands[1]);
            var expected = new StringBuilder("carries=");
            int carry = 0;
            for (int column = 0; column <= 3; column++) {
                expected.append(carry);
                carry = (int) ((a % 10 + b % 10 + carry) / 10);
                a /= 10;
                b /= 10;
            }
            assertThat(env.hint(t)).isEqualTo(expected.toString());
        }
    }

    @Test
    void theRewardGradesOnlyTheExactAnswerAfterTheLastEquals() {
        Task t = task("347+285");
        assertThat(env.grade(t, "213160=632").value()).isEqualTo(1);
        assertThat(env.grade(t, "999999=632").value()).as("the scratchpad is not graded").isEqualTo(1);
        assertThat(env.grade(t, "=632").value()).isEqualTo(1);
        assertThat(env.grade(t, "21=3=632").value()).isEqualTo(1);
        assertThat(env.grade(t, "213160=633").value()).isZero();
        assertThat(env.grade(t, "632").value()).as("no answer marker").isZero();
        assertThat(env.grade(t, "213160=0632").value()).isZero();
        assertThat(env.grade(t, "213160=632 ").value()).isZero();
        assertThat(env.grade(t, "213160=632=").value()).isZero();
        assertThat(env.grade(t, "213160=").value()).isZero();
        assertThat(env.grade(t, "").value()).isZero();
    }

    @Test
    void warmStartExamplesAreEasierCorrectSumsAndGuidedOnesCarryTheirHint() {
        var random = new SplittableRandom(5);
        int guided = 0;
        for (int i = 0; i < 2000; i++) {
            var e = env.sftExample(random, i % 3 == 0);
            String prompt = e.prompt().getFirst().content();
            assertThat(e.guided()).isEqualTo(i % 3 == 0);
            String problem = prompt.substring(prompt.indexOf(';') + 1, prompt.length() - 1);
            String[] operands = problem.split("\\+");
            assertThat(operands).hasSize(2).allSatisfy(o -> assertThat(o).matches("[0-9]|[1-9][0-9]"));
            long a = Long.parseLong(operands[0]), b = Long.parseLong(operands[1]);
            assertThat(checkedSolution(a, b, e.completion())).isEqualTo(a + b);
            if (e.guided()) {
                guided++;
                assertThat(prompt).startsWith(env.hint(task(problem)) + ";");
            } else {
                assertThat(prompt).isEqualTo(problem + "=");
            }
        }
        assertThat(guided).isEqualTo(667);
    }

    @Test
    void everyPromptAndAnswerFitsTheTinyModel() {
        int seq = ProceduralEnvironment.TINY_CONTEXT;
        for (int d = ArithmeticEnvironment.MIN_DIFFICULTY; d <= ArithmeticEnvironment.MAX_DIFFICULTY; d++) {
            var e = new ArithmeticEnvironment(1, d, 100);
            var random = new SplittableRandom(d);
            for (int i = 0; i < 100; i++) {
                Task t = e.generate(random);
                int prompt = 1 + e.withGuidance(t, e.hint(t)).getFirst().content().length();
                int answer = t.reference().orElseThrow().length() + 1;
                assertThat(answer).isLessThanOrEqualTo(e.maxTokens() - 4);
                assertThat(prompt + e.maxTokens()).isLessThanOrEqualTo(seq);
            }
        }
        assertThat(1 + "carries=0110;347+285=".length() + env.maxTokens()).isLessThan(seq * 2 / 3);
    }

    @Test
    void theHeldOutSetIsStableAndDistinct() {
        var a = env.tasks();
        assertThat(a).hasSize(512).extracting(Task::id).doesNotHaveDuplicates();
        assertThat(ArithmeticEnvironment.standard().tasks()).isEqualTo(a);
        assertThat(new ArithmeticEnvironment(2027, 3, 512).tasks()).isNotEqualTo(a);
    }

    @Test
    void rejectsADifficultyThatHasNoEasierCorpusOrDoesNotFit() {
        assertThatThrownBy(() -> new ArithmeticEnvironment(1, 1, 10)).hasMessageContaining("was 1");
        assertThatThrownBy(() -> new ArithmeticEnvironment(1, ArithmeticEnvironment.MAX_DIFFICULTY + 1, 10))
                .hasMessageContaining("64 positions");
        assertThatThrownBy(() -> new ArithmeticEnvironment(1, 2, 5000)).hasMessageContaining("too large");
        assertThat(Optional.of(Registry.procedural("arithmetic", OptionalInt.empty()))).get()
                .isInstanceOfSatisfying(ArithmeticEnvironment.class, e -> assertThat(e.difficulty()).isEqualTo(3));
    }

    private Task task(String problem) {
        String[] operands = problem.split("\\+");
        long a = Long.parseLong(operands[0]), b = Long.parseLong(operands[1]);
        return new Task(problem, List.of(Message.user(problem + "=")), Optional.of(ArithmeticEnvironment.solution(a, b)), Map.of());
    }

    /** Replays the scratchpad column by column and returns the answer, failing on any inconsistent pair. */
    private static long checkedSolution(long a, long b, String completion) {
        assertThat(completion).matches("([0-9][01])+=[0-9]+");
        String scratchpad = completion.substring(0, completion.indexOf('='));
        int carry = 0;
        long x = a, y = b, fromColumns = 0, place = 1;
        for (int p = 0; p < scratchpad.length(); p += 2) {
            int s = (int) (x % 10 + y % 10) + carry;
            assertThat(scratchpad.charAt(p) - '0').isEqualTo(s % 10);
            assertThat(scratchpad.charAt(p + 1) - '0').isEqualTo(s / 10);
            fromColumns += place * (s % 10);
            place *= 10;
            carry = s / 10;
            x /= 10;
            y /= 10;
        }
        assertThat(x).isZero();
        assertThat(y).isZero();
        long answer = Long.parseLong(completion.substring(completion.indexOf('=') + 1));
        assertThat(answer).isEqualTo(fromColumns + carry * place);
        return answer;
    }
}
