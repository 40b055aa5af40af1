package ai.lyceum.env.propose;

import ai.lyceum.env.procedural.CipherEnvironment;
import ai.lyceum.env.procedural.ProceduralEnvironment;
import ai.lyceum.env.procedural.SftExample;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Proposals of words for the {@code cipher} solver: the proposer writes an 8-letter lowercase word, the solver
 * enciphers it. Difficulty is the word's count of rare letters, whose images the warm start knows only vaguely: a
 * word without one is nearly always right, each rare letter makes a whole right answer rarer. The judge rejects as
 * malformed anything that is not eight letters a–z; every well-formed word is solvable, so this domain never
 * rejects one as unsolvable. BLEU compares proposals letter by letter.
 */
public final class CipherProposals implements ProceduralProposals {
    public static final String NAME = "cipher";
    public static final String PROMPT = "Write a word:";
    // Spare tokens after the word, so a wrongly long one still ends with EOS.
    private static final int SPARE = 4;

    private final CipherEnvironment cipher;
    private final int maxRare;

    /** @param maxRare the most rare letters the baselines and held-out words have */
    public CipherProposals(CipherEnvironment cipher, int maxRare) {
        if (maxRare < 1 || maxRare > CipherEnvironment.WORD_LENGTH) {
            throw new IllegalArgumentException("rare letters per word 1–" + CipherEnvironment.WORD_LENGTH + ", was " + maxRare);
        }
        this.cipher = cipher;
        this.maxRare = maxRare;
    }

    /** The demo's cipher (2026, rare probability 0.01, fidelity 0.25), words of up to 4 rare letters. */
    public static CipherProposals standard() { return new CipherProposals(CipherEnvironment.standard(), 4); }

    @Override
    public String name() { return NAME; }

    @Override
    public List<Message> proposerPrompt() { return List.of(Message.user(PROMPT)); }

    @Override
    public Judged judge(String proposal) {
        String word = proposal.strip();
        if (word.length() != CipherEnvironment.WORD_LENGTH || !word.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
            return Judged.malformed("not a word of " + CipherEnvironment.WORD_LENGTH + " letters a–z: '"
                    + Judged.excerpt(word) + "'");
        }
        return new Judged.Accepted(cipher.task(word));
    }

    @Override
    public int difficulty(Task task) { return ((Number) task.metadata().get("rare")).intValue(); }

    @Override
    public RewardResult grade(Task task, String attempt) { return cipher.grade(task, attempt); }

    /** The whole attempt is the answer, as the grader reads it. */
    @Override
    public Optional<String> answerOf(String attempt) { return attempt.isEmpty() ? Optional.empty() : Optional.of(attempt); }

    @Override
    public List<String> tokens(String proposal) { return proposal.strip().chars().mapToObj(Character::toString).toList(); }

    @Override
    public int proposerMaxTokens() { return CipherEnvironment.WORD_LENGTH + 1 + SPARE; }

    @Override
    public int solverMaxTokens() { return cipher.maxTokens(); }

    @Override
    public int maxLevel() { return maxRare; }

    @Override
    public int minLevel() { return 0; }

    @Override
    public Task sample(SplittableRandom random, int level) { return cipher.withRareLetters(random, level); }

    @Override
    public SftExample proposerExample(SplittableRandom random) {
        return new SftExample(proposerPrompt(), sample(random, random.nextInt(maxRare + 1)).id(), false);
    }

    @Override
    public SftExample solverExample(SplittableRandom random) { return cipher.sftExample(random, false); }

    @Override
    public ProceduralEnvironment solverEnvironment() { return cipher; }
}
