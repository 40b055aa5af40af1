package ai.lyceum.env.procedural;

import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * "Cipher": a secret substitution σ over a–z. The prompt is {@code word=}, the answer σ(word). Sixteen letters
 * are common in the warm-start corpus; ten are rare there (a position is rare with probability
 * {@code rareProbability}), and the corpus is unreliable on them: a rare letter's target is its true image only
 * with probability {@code rareFidelity}, otherwise a fixed decoy (another rare letter's image), like a
 * systematic error in real supervised data. The warm-started model therefore knows the rare images only
 * vaguely, and greedy decoding prefers the decoys: RL has something to learn, and a sampled rollout gets a
 * whole word right only rarely. Difficulty is the number of rare letters per word: {@code difficulty} or one
 * more. The teacher's guidance is the answer's letters at the rare positions, {@code _} elsewhere, placed
 * before the word: {@code __q_x___;word=}.
 *
 * <p>In guided warm-start examples the rare letters map to a random letter that only the hint reveals, so
 * the model must learn to read the hint rather than ignore it (../shared/specs/guide-small-scale.md).
 */
public final class CipherEnvironment extends ProceduralEnvironment {
    public static final String NAME = "cipher";
    public static final int WORD_LENGTH = 8;
    private static final int RARE = 10;

    private final char[] sigma = new char[26];
    private final boolean[] rare = new boolean[26];
    private final char[] common;
    private final char[] rares;
    private final int difficulty;
    private final double rareProbability;
    private final double rareFidelity;
    private final char[] decoy = new char[26];

    /**
     * @param cipherSeed      fixes σ and which letters are rare
     * @param difficulty      rare letters per generated word: this or one more (1–7)
     * @param rareProbability chance a warm-start position holds a rare letter
     * @param rareFidelity    chance the warm-start target of a rare letter is its true image, not the decoy
     */
    public CipherEnvironment(long cipherSeed, int difficulty, double rareProbability, double rareFidelity, int heldOut) {
        super(NAME, heldOut, cipherSeed ^ 0x5EED);
        if (difficulty < 0 || difficulty >= WORD_LENGTH) {
            throw new IllegalArgumentException("cipher difficulty is rare letters per word, 0–7; was " + difficulty);
        }
        if (!(rareProbability >= 0 && rareProbability <= 1)) {
            throw new IllegalArgumentException("rareProbability must be in [0, 1], was " + rareProbability);
        }
        this.difficulty = difficulty;
        if (!(rareFidelity >= 0 && rareFidelity <= 1)) {
            throw new IllegalArgumentException("rareFidelity must be in [0, 1], was " + rareFidelity);
        }
        this.rareProbability = rareProbability;
        this.rareFidelity = rareFidelity;
        var random = new SplittableRandom(cipherSeed);
        int[] perm = shuffled(random);
        for (int i = 0; i < 26; i++) sigma[i] = (char) ('a' + perm[i]);
        int[] order = shuffled(random);
        for (int i = 0; i < RARE; i++) rare[order[i]] = true;
        var c = new StringBuilder();
        var r = new StringBuilder();
        for (int i = 0; i < 26; i++) (rare[i] ? r : c).append((char) ('a' + i));
        common = c.toString().toCharArray();
        rares = r.toString().toCharArray();
        for (int i = 0; i < rares.length; i++) decoy[rares[i] - 'a'] = sigma[rares[(i + 1) % rares.length] - 'a'];
    }

    /** The demo's setting: cipher 2026, 3–4 rare letters per word, rare probability 0.01, fidelity 0.25, 512 held out. */
    public static CipherEnvironment standard() { return new CipherEnvironment(2026, 3, 0.01, 0.25, 512); }

    public String encipher(String word) {
        var out = new char[word.length()];
        for (int i = 0; i < out.length; i++) out[i] = sigma[word.charAt(i) - 'a'];
        return new String(out);
    }

    public boolean isRare(char letter) { return rare[letter - 'a']; }

    @Override
    protected Task newTask(SplittableRandom random) {
        return withRareLetters(random, Math.min(WORD_LENGTH, difficulty + random.nextInt(2)));
    }

    /** A word with exactly {@code count} rare letters at random positions, the rest common. */
    public Task withRareLetters(SplittableRandom random, int count) {
        if (count < 0 || count > WORD_LENGTH) throw new IllegalArgumentException("rare letters 0–" + WORD_LENGTH + ", was " + count);
        boolean[] rarePosition = new boolean[WORD_LENGTH];
        for (int placed = 0; placed < count; ) {
            int p = random.nextInt(WORD_LENGTH);
            if (!rarePosition[p]) {
                rarePosition[p] = true;
                placed++;
            }
        }
        var word = new char[WORD_LENGTH];
        for (int i = 0; i < WORD_LENGTH; i++) {
            word[i] = rarePosition[i] ? rares[random.nextInt(rares.length)] : common[random.nextInt(common.length)];
        }
        return task(new String(word));
    }

    /** The task {@code word=}, its reference σ(word); {@code word} is lowercase a–z. */
    public Task task(String word) {
        return new Task(word, List.of(Message.user(word + "=")), Optional.of(encipher(word)), Map.of("rare", rareCount(word)));
    }

    private int rareCount(String word) {
        int n = 0;
        for (char ch : word.toCharArray()) if (isRare(ch)) n++;
        return n;
    }

    @Override
    protected String hint(Task task) {
        String word = task.id(), answer = task.reference().orElseThrow();
        var hint = new char[word.length()];
        for (int i = 0; i < hint.length; i++) hint[i] = isRare(word.charAt(i)) ? answer.charAt(i) : '_';
        return new String(hint);
    }

    /** Graded: the k-th hint reveals the answer at the first k rare positions only. */
    @Override
    protected List<String> hints(Task task) {
        String full = hint(task);
        var out = new java.util.ArrayList<String>();
        var partial = new char[full.length()];
        Arrays.fill(partial, '_');
        for (int i = 0; i < full.length(); i++) {
            if (full.charAt(i) == '_') continue;
            partial[i] = full.charAt(i);
            out.add(new String(partial));
        }
        if (out.isEmpty()) out.add(full);
        return out;
    }

    @Override
    public List<Message> withGuidance(Task task, String guidance) {
        return List.of(Message.user(guidance + ";" + task.id() + "="));
    }

    @Override
    public SftExample sftExample(SplittableRandom random, boolean guided) {
        var word = new char[WORD_LENGTH];
        if (!guided) {
            for (int i = 0; i < WORD_LENGTH; i++) {
                word[i] = random.nextDouble() < rareProbability
                        ? rares[random.nextInt(rares.length)] : common[random.nextInt(common.length)];
            }
            var target = new char[WORD_LENGTH];
            for (int i = 0; i < WORD_LENGTH; i++) {
                char truth = sigma[word[i] - 'a'];
                target[i] = isRare(word[i]) && random.nextDouble() >= rareFidelity ? decoy[word[i] - 'a'] : truth;
            }
            return new SftExample(List.of(Message.user(new String(word) + "=")), new String(target), false);
        }
        // Guided: 1–4 rare letters whose answers only the hint knows.
        int count = 1 + random.nextInt(4);
        var answer = new char[WORD_LENGTH];
        var hint = new char[WORD_LENGTH];
        Arrays.fill(hint, '_');
        for (int i = 0; i < WORD_LENGTH; i++) word[i] = common[random.nextInt(common.length)];
        for (int placed = 0; placed < count; ) {
            int p = random.nextInt(WORD_LENGTH);
            if (hint[p] == '_') {
                word[p] = rares[random.nextInt(rares.length)];
                hint[p] = (char) ('a' + random.nextInt(26));
                placed++;
            }
        }
        for (int i = 0; i < WORD_LENGTH; i++) answer[i] = hint[i] == '_' ? sigma[word[i] - 'a'] : hint[i];
        return new SftExample(List.of(Message.user(new String(hint) + ";" + new String(word) + "=")),
                new String(answer), true);
    }

    @Override
    public int maxTokens() { return WORD_LENGTH + 2; }

    private static int[] shuffled(SplittableRandom random) {
        int[] a = new int[26];
        for (int i = 0; i < 26; i++) a[i] = i;
        for (int i = 25; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
