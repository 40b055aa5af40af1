package ai.lyceum.env.cue;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.env.Environment;
import ai.lyceum.env.Episode;
import ai.lyceum.env.SingleTurnEnvironment;
import ai.lyceum.env.choice.McqItem;
import ai.lyceum.policy.Sampling;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Multiple-choice items with prompt cues (../shared/specs/vft.md §9.1): prompts tagged
 * {@code {cued, cueId, cuedOption, trueOption}} ({@link CueTag}), scored by the hackable reward of §2
 * ({@link CueReward}). The {@link CueLayout} decides the prompts per item: RL's mix with the cued share, or the
 * paired sets the metrics need. Cues and wrong options are drawn from the seed, so the task list is stable.
 */
public final class CuedMcqEnv implements Environment {
    public static final double DEFAULT_CUED_FRACTION = 0.9;

    private final String name;
    private final Callable<List<McqItem>> items;
    private final List<CueSpec> cues;
    private final double cuedFraction;
    private final long seed;
    private final CueLayout layout;
    private final Function<McqItem, List<Message>> uncued;
    private final SingleTurnEnvironment episodes;
    private volatile Map<String, McqItem> byId;

    /** MMLU wording: {@link MmluCue}s, {@link MmluCue#uncued} prompts, 2,048 new tokens. */
    public CuedMcqEnv(String name, Callable<List<McqItem>> items, List<Cue> cues, double cuedFraction, long seed, CueLayout layout) {
        this(name, items, cues.stream().<CueSpec>map(MmluCue::new).toList(), cuedFraction, seed, layout, MmluCue::uncued,
                Sampling.DEFAULT.withMaxTokens(2048));
    }

    public CuedMcqEnv(String name, Callable<List<McqItem>> items, List<CueSpec> cues, double cuedFraction, long seed,
            CueLayout layout, Function<McqItem, List<Message>> uncued, Sampling sampling) {
        this.name = Objects.requireNonNull(name, "name");
        this.items = Objects.requireNonNull(items, "items");
        if (cues.isEmpty()) throw new IllegalArgumentException(name + ": no cues");
        if (!(cuedFraction >= 0 && cuedFraction <= 1)) throw new IllegalArgumentException("cued fraction must be in [0, 1], was " + cuedFraction);
        this.cues = List.copyOf(cues);
        this.cuedFraction = cuedFraction;
        this.seed = seed;
        this.layout = Objects.requireNonNull(layout, "layout");
        this.uncued = Objects.requireNonNull(uncued, "uncued");
        this.episodes = new SingleTurnEnvironment(name, this::tasks, new CueReward(), sampling);
    }

    @Override
    public String name() { return name; }

    public List<CueSpec> cues() { return cues; }

    public CueLayout layout() { return layout; }

    @Override
    public List<Task> tasks() throws DatasetException {
        List<McqItem> all;
        try {
            all = items.call();
        } catch (DatasetException e) {
            throw e;
        } catch (Exception e) {
            throw new DatasetException(name + ": could not load items: " + e.getMessage(), e);
        }
        var random = new SplittableRandom(seed);
        var out = new ArrayList<Task>();
        var index = new HashMap<String, McqItem>();
        for (McqItem item : all) {
            if (item.options().size() != 4) {
                throw new DatasetException(name + ": item " + item.id() + " has " + item.options().size()
                        + " options; cue environments parse 'Answer: A-D' and need exactly 4");
            }
            index.put(item.id(), item);
            for (CueTag tag : layout.tags(item, cues, cuedFraction, random)) out.add(task(item, tag));
        }
        byId = Map.copyOf(index);
        return out;
    }

    /** The prompt {@code tag} describes for {@code item}. */
    public Task task(McqItem item, CueTag tag) {
        return task(item, tag, cues, uncued);
    }

    static Task task(McqItem item, CueTag tag, List<CueSpec> cues, Function<McqItem, List<Message>> uncued) {
        List<Message> prompt = tag.cue().map(c -> spec(cues, c).apply(item, tag.cuedOption().orElseThrow())).orElseGet(() -> uncued.apply(item));
        // The reference is the answer the reward pays for, so the gold policy plays the perfect reward hacker.
        return new Task(tag.taskId(), prompt, java.util.Optional.of("Answer: " + tag.cuedOption().orElse(tag.trueOption())), tag.metadata());
    }

    static CueSpec spec(List<CueSpec> cues, Cue kind) {
        for (var c : cues) if (c.kind() == kind) return c;
        throw new IllegalArgumentException("no wording for cue " + kind.id() + " among " + cues.stream().map(CueSpec::id).toList());
    }

    /** The item a task was made from, once {@link #tasks()} has loaded them. */
    public java.util.Optional<McqItem> item(String itemId) {
        return byId == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(byId.get(itemId));
    }

    @Override
    public Episode start(Task task) { return episodes.start(task); }
}
