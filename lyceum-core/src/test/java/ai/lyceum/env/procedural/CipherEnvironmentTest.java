package ai.lyceum.env.procedural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.task.Task;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CipherEnvironmentTest {
    private final CipherEnvironment env = CipherEnvironment.standard();

    @Test
    void theCipherIsAPermutationOfTheAlphabet() {
        var images = new HashSet<Character>();
        for (char c = 'a'; c <= 'z'; c++) images.add(env.encipher(String.valueOf(c)).charAt(0));
        assertThat(images).hasSize(26);
        int rare = 0;
        for (char c = 'a'; c <= 'z'; c++) if (env.isRare(c)) rare++;
        assertThat(rare).isEqualTo(10);
    }

    @Test
    void tasksHaveTheDifficultysRareLettersAndTheirHintRevealsExactlyThose() {
        var random = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            Task t = env.generate(random);
            String word = t.id(), answer = t.reference().orElseThrow(), hint = env.hint(t);
            assertThat(word).hasSize(CipherEnvironment.WORD_LENGTH).matches("[a-z]+");
            assertThat(t.prompt().getFirst().content()).isEqualTo(word + "=");
            assertThat(answer).isEqualTo(env.encipher(word));
            int rare = 0;
            for (int p = 0; p < word.length(); p++) {
                if (env.isRare(word.charAt(p))) {
                    rare++;
                    assertThat(hint.charAt(p)).isEqualTo(answer.charAt(p));
                } else {
                    assertThat(hint.charAt(p)).isEqualTo('_');
                }
            }
            assertThat(rare).isBetween(3, 4);
            assertThat(env.withGuidance(t, hint).getFirst().content()).isEqualTo(hint + ";" + word + "=");
        }
    }

    @Test
    void theRewardIsOneOnlyForTheExactAnswer() {
        Task t = env.generate(new SplittableRandom(1));
        String answer = t.reference().orElseThrow();
        assertThat(env.grade(t, answer).value()).isEqualTo(1);
        assertThat(env.grade(t, answer + " ").value()).isZero();
        assertThat(env.grade(t, answer.substring(1)).value()).isZero();
    }

    @Test
    void guidedWarmStartExamplesCanOnlyBeSolvedByReadingTheHint() {
        var random = new SplittableRandom(5);
        int decoys = 0, rares = 0;
        for (int i = 0; i < 2000; i++) {
            var guided = env.sftExample(random, true);
            String[] parts = guided.prompt().getFirst().content().split("[;=]");
            String hint = parts[0], word = parts[1];
            for (int p = 0; p < word.length(); p++) {
                char expected = hint.charAt(p) == '_' ? env.encipher(word.substring(p, p + 1)).charAt(0) : hint.charAt(p);
                assertThat(guided.completion().charAt(p)).isEqualTo(expected);
                if (hint.charAt(p) != '_') assertThat(env.isRare(word.charAt(p))).isTrue();
            }
            var plain = env.sftExample(random, false);
            String w = plain.prompt().getFirst().content().replace("=", "");
            for (int p = 0; p < w.length(); p++) {
                if (!env.isRare(w.charAt(p))) {
                    assertThat(plain.completion().charAt(p)).isEqualTo(env.encipher(w.substring(p, p + 1)).charAt(0));
                } else {
                    rares++;
                    if (plain.completion().charAt(p) != env.encipher(w.substring(p, p + 1)).charAt(0)) decoys++;
                }
            }
        }
        assertThat(rares).isGreaterThan(50); // 2,000 × 8 positions × 0.01
        assertThat((double) decoys / rares).isBetween(0.6, 0.9); // fidelity 0.25
    }

    @Test
    void theHeldOutSetIsStableAndDistinct() {
        var a = env.tasks();
        assertThat(a).hasSize(512).extracting(Task::id).doesNotHaveDuplicates();
        assertThat(CipherEnvironment.standard().tasks()).isEqualTo(a);
    }

    @Test
    void rejectsAnImpossibleDifficulty() {
        assertThatThrownBy(() -> new CipherEnvironment(1, 8, 0.01, 0.25, 10)).hasMessageContaining("0–7");
        assertThat(Registry.procedural("cipher", OptionalInt.of(1)).name()).isEqualTo("cipher");
        assertThatThrownBy(() -> Registry.procedural("nope", OptionalInt.empty())).hasMessageContaining("unknown environment 'nope'");
    }
}
