package ai.lyceum.env.procedural;

import ai.lyceum.env.Role;
import ai.lyceum.env.Trajectory;
import ai.lyceum.policy.Completion;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.reward.rubric.Aggregation;
import ai.lyceum.reward.rubric.Grading;
import ai.lyceum.reward.rubric.RubricJson;
import ai.lyceum.reward.rubric.RubricReward;
import ai.lyceum.reward.rubric.RubricWeighting;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * "Rubric writing": constrained writing scored by a checklist. A task asks for a few words from a fixed
 * vocabulary under {@code difficulty} constraints drawn at random (see {@code WritingConstraints} for the
 * prompt language: {@code +cat,#3,$!>} asks for three words including "cat", ending with '!'), and carries its
 * rubric in its metadata: programmatic criteria only, one per constraint plus a format criterion and a
 * repetition pitfall. The reward is that rubric's score through
 * the core {@link RubricReward} (explicit aggregation, binary verdicts, the paper's training weights), so a
 * completion meeting some constraints earns partial credit and the reward is the same one {@code lyceum eval}
 * computes for any rubric task.
 *
 * <p>The warm-start corpus teaches the format but honours each constraint only with probability
 * {@code fidelity}; otherwise its answer is written as if that clause were absent, like supervised data from
 * writers who skim the instructions. A warm-started model therefore meets each constraint only now and then,
 * and RL has the rubric score to raise. The teacher's guidance is a reference answer, written
 * before the prompt: {@code sun cat dog!;+cat,#3,$!>}.
 */
public final class RubricWritingEnvironment extends ProceduralEnvironment {
    public static final String NAME = "rubric-writing";
    private static final List<String> WORDS = WritingConstraints.VOCABULARY;
    static final int MIN_WORDS = 2;
    /** The most words a count constraint asks for; the warm start's mistake is one more. */
    static final int MAX_WORDS = 4;
    private static final String BANNABLE = "aeiou";
    private static final int KINDS = 5;
    private static final RubricReward REWARD = new RubricReward(new ProgrammaticOnlyJudge(NAME),
            Aggregation.explicit(Grading.BINARY), RubricWeighting.CATEGORY_PAPER);

    private final int constraints;
    private final double fidelity;

    /**
     * @param constraints constraints per task, 1–5
     * @param fidelity    chance the warm-start corpus honours each constraint, in [0, 1]
     * @param heldOut     size of the held-out evaluation set
     */
    public RubricWritingEnvironment(int constraints, double fidelity, int heldOut) {
        super(NAME, heldOut, 0x5EED_0B1CL + constraints);
        if (constraints < 1 || constraints > KINDS) {
            throw new IllegalArgumentException("rubric-writing difficulty is constraints per task, 1–5; was " + constraints);
        }
        if (!(fidelity >= 0 && fidelity <= 1)) throw new IllegalArgumentException("fidelity must be in [0, 1], was " + fidelity);
        this.constraints = constraints;
        this.fidelity = fidelity;
    }

    /** Three constraints per task, a warm start that honours each with probability 0.4, 512 held out. */
    public static RubricWritingEnvironment standard() { return new RubricWritingEnvironment(3, 0.4, 512); }

    @Override
    protected Task newTask(SplittableRandom random) {
        var c = draw(random);
        var task = task(c, write(c, random, honourAll()));
        double check = grade(task, task.reference().orElseThrow()).value();
        if (check != 1) throw new IllegalStateException(NAME + ": reference of " + task.id() + " scores " + check); // a generator bug
        return task;
    }

    /** The task with constraints {@code c} and reference answer {@code reference}; its id is the prompt. */
    static Task task(WritingConstraints c, String reference) {
        return new Task(c.prompt(), List.of(Message.user(c.prompt())), Optional.of(reference),
                Map.of(RubricJson.METADATA_KEY, RubricJson.toMetadata(c.rubric())));
    }

    @Override
    protected String hint(Task task) { return task.reference().orElseThrow(); }

    @Override
    public List<Message> withGuidance(Task task, String guidance) {
        return List.of(Message.user(guidance + ";" + task.prompt().getFirst().content()));
    }

    @Override
    public SftExample sftExample(SplittableRandom random, boolean guided) {
        var c = draw(random);
        if (guided) {
            // Any of many valid answers: the target is only predictable by copying the hint.
            String answer = write(c, random, honourAll());
            return new SftExample(List.of(Message.user(answer + ";" + c.prompt())), answer, true);
        }
        boolean[] honour = new boolean[KINDS];
        for (int k = 0; k < KINDS; k++) honour[k] = random.nextDouble() < fidelity;
        return new SftExample(List.of(Message.user(c.prompt())), write(c, random, honour), false);
    }

    /** The core rubric reward's result: score, per-criterion verdicts, or a typed failure. */
    @Override
    public RewardResult grade(Task task, String completion) {
        var trajectory = new Trajectory(task, List.of(new Trajectory.Turn(Role.ASSISTANT, task.prompt(),
                Completion.ofText(completion))));
        var scored = REWARD.score(trajectory);
        var diagnostics = new HashMap<>(scored.diagnostics());
        diagnostics.put("answer", completion);
        diagnostics.put("reference", task.reference().orElse(""));
        return new RewardResult(scored.value(), scored.components(), diagnostics, scored.failure());
    }

    /** Room for one word more than any answer needs (three letters and a space each), a mark and EOS. */
    @Override
    public int maxTokens() { return (MAX_WORDS + 1) * 4 + 2; }

    private WritingConstraints draw(SplittableRandom random) {
        boolean[] pick = new boolean[KINDS];
        for (int placed = 0; placed < constraints; ) {
            int k = random.nextInt(KINDS);
            if (!pick[k]) {
                pick[k] = true;
                placed++;
            }
        }
        Optional<Character> banned = pick[4] ? Optional.of(BANNABLE.charAt(random.nextInt(BANNABLE.length()))) : Optional.empty();
        var pool = pool(banned);
        return new WritingConstraints(
                pick[0] ? Optional.of(pool.get(random.nextInt(pool.size()))) : Optional.empty(),
                pick[1] ? OptionalInt.of(MIN_WORDS + random.nextInt(MAX_WORDS - MIN_WORDS + 1)) : OptionalInt.empty(),
                pick[2] ? Optional.of(WritingConstraints.MARKS.charAt(random.nextInt(3))) : Optional.empty(),
                pick[3] ? Optional.of(pool.get(random.nextInt(pool.size())).charAt(0)) : Optional.empty(),
                banned);
    }

    /**
     * An answer to {@code c} that honours constraint kind k (in prompt order) only where {@code honour[k]}: a
     * dishonoured constraint is written as if its clause were absent.
     */
    static String write(WritingConstraints c, SplittableRandom random, boolean[] honour) {
        var include = c.include().filter(x -> honour[0]);
        var count = honour[1] ? c.count() : OptionalInt.empty();
        var end = c.end().filter(x -> honour[2]);
        var start = c.start().filter(x -> honour[3]);
        int n = count.orElseGet(() -> MIN_WORDS + random.nextInt(MAX_WORDS - MIN_WORDS + 1));
        // Distinct words: the corpus never repeats one, so the repetition pitfall is always avoided.
        var fillers = new ArrayList<>(pool(c.banned().filter(x -> honour[4])));
        var first = start.map(RubricWritingEnvironment::wordStartingWith);
        first.ifPresent(fillers::remove);
        include.ifPresent(fillers::remove);
        for (int i = fillers.size() - 1; i > 0; i--) Collections.swap(fillers, i, random.nextInt(i + 1));
        var words = new ArrayList<String>(n);
        include.filter(w -> !w.equals(first.orElse(""))).ifPresent(words::add);
        while (words.size() < n - (first.isPresent() ? 1 : 0)) words.add(fillers.removeLast());
        for (int i = words.size() - 1; i > 0; i--) Collections.swap(words, i, random.nextInt(i + 1));
        first.ifPresent(w -> words.addFirst(w));
        return String.join(" ", words) + end.map(String::valueOf).orElse("");
    }

    private static List<String> pool(Optional<Character> banned) {
        if (banned.isEmpty()) return WORDS;
        return WORDS.stream().filter(w -> w.indexOf(banned.get()) < 0).toList();
    }

    private static String wordStartingWith(char letter) {
        return WORDS.stream().filter(w -> w.charAt(0) == letter).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no vocabulary word starts with '" + letter + "'"));
    }

    private static boolean[] honourAll() {
        boolean[] all = new boolean[KINDS];
        java.util.Arrays.fill(all, true);
        return all;
    }
}
