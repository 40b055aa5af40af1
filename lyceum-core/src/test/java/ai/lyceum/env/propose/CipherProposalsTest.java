package ai.lyceum.env.propose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CipherProposalsTest {
    private final CipherProposals domain = CipherProposals.standard();

    @Test
    void acceptsEightLowercaseLettersAndTypesEverythingElseAsMalformed() {
        var accepted = domain.judge("abcdefgh\n");
        assertThat(accepted).isInstanceOfSatisfying(ProposalDomain.Judged.Accepted.class, a -> {
            assertThat(a.task().id()).isEqualTo("abcdefgh");
            assertThat(a.task().prompt().getFirst().content()).isEqualTo("abcdefgh=");
            assertThat(domain.grade(a.task(), a.task().reference().orElseThrow()).value()).isEqualTo(1.0);
        });
        for (String bad : List.of("", "abcdefg", "abcdefghi", "abcdEfgh", "abcd efg", "abcdefg1")) {
            assertThat(domain.judge(bad)).as(bad).isInstanceOfSatisfying(ProposalDomain.Judged.Rejected.class,
                    r -> assertThat(r.why().type()).isEqualTo("proposal_malformed"));
        }
    }

    @Test
    void theDifficultyKnobIsTheCountOfRareLetters() {
        var random = new SplittableRandom(3);
        for (int level = 0; level <= domain.maxLevel(); level++) {
            var task = domain.sample(random, level);
            long rare = task.id().chars().filter(c -> CipherProposals.standard().solverEnvironment() instanceof
                    ai.lyceum.env.procedural.CipherEnvironment cipher && cipher.isRare((char) c)).count();
            assertThat(rare).isEqualTo(level);
            assertThat(domain.difficulty(task)).isEqualTo(level);
            // A proposal of the same word is judged to the same task.
            assertThat(((ProposalDomain.Judged.Accepted) domain.judge(task.id())).task()).isEqualTo(task);
        }
        assertThat(domain.judge(domain.proposerExample(random).completion())).isInstanceOf(ProposalDomain.Judged.Accepted.class);
    }
}
