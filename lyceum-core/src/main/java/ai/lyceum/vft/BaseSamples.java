package ai.lyceum.vft;

import ai.lyceum.env.Role;
import ai.lyceum.env.choice.McqItem;
import ai.lyceum.env.cue.CueSpec;
import ai.lyceum.env.cue.CueTag;
import ai.lyceum.rollout.Rollout;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * The first half of data building: per item a random training cue at a random wrong option b, as a pair of
 * tasks (uncued and cued) for any policy to answer through the rollout engine; then the answered pairs as
 * {@link BaseSample}s. Pairs missing a response (a failed rollout) are counted and left out.
 */
public final class BaseSamples {
    /** One item's draw. */
    public record Draw(McqItem item, CueSpec cue, char cuedOption) {}

    private BaseSamples() {}

    public static List<Draw> draw(List<McqItem> items, List<? extends CueSpec> trainCues, long seed) {
        var random = new SplittableRandom(seed);
        var out = new ArrayList<Draw>(items.size());
        for (McqItem item : items) {
            var wrong = item.wrongOptions();
            out.add(new Draw(item, trainCues.get(random.nextInt(trainCues.size())), wrong.get(random.nextInt(wrong.size()))));
        }
        return out;
    }

    /** The uncued and the cued task of each draw, in order; {@code task} renders a tag's prompt for an item. */
    public static List<Task> tasks(List<Draw> draws, BiFunction<McqItem, CueTag, Task> task) {
        var out = new ArrayList<Task>(2 * draws.size());
        for (var d : draws) {
            out.add(task.apply(d.item(), CueTag.uncued(d.item().id(), d.item().answer())));
            out.add(task.apply(d.item(), CueTag.cued(d.item().id(), d.cue().kind(), d.cuedOption(), d.item().answer())));
        }
        return out;
    }

    /** The answered draws; {@code missing} counts the draws whose uncued or cued rollout failed. */
    public static List<BaseSample> pair(List<Draw> draws, List<Rollout> rollouts, Map<String, Long> missing) {
        var byTask = new HashMap<String, Rollout>();
        for (var r : rollouts) if (r.sample() == 0) byTask.put(r.taskId(), r);
        var out = new ArrayList<BaseSample>();
        for (var d : draws) {
            var u = byTask.get(CueTag.uncued(d.item().id(), d.item().answer()).taskId());
            var c = byTask.get(CueTag.cued(d.item().id(), d.cue().kind(), d.cuedOption(), d.item().answer()).taskId());
            if (u == null || c == null || u.failure().isPresent() || c.failure().isPresent()) {
                missing.merge("missing_base_sample", 1L, Long::sum);
                continue;
            }
            out.add(new BaseSample(d.item(), d.cue(), d.cuedOption(), observation(u), observation(c), text(u), text(c)));
        }
        return out;
    }

    private static List<Message> observation(Rollout r) {
        return r.trajectory().turns().stream().filter(t -> t.role().equals(Role.ASSISTANT)).reduce((a, b) -> b).orElseThrow().observation();
    }

    private static String text(Rollout r) { return r.trajectory().lastBy(Role.ASSISTANT).orElseThrow().text(); }
}
