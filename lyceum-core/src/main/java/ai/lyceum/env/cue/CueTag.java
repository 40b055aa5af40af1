package ai.lyceum.env.cue;

import ai.lyceum.task.Task;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a cue environment's prompt is: which item, whether and how it is cued, and the true option. It is spelled
 * into the task id ({@code ITEM#CUE:B#Y} or {@code ITEM#uncued#Y}) so a run store alone, without the data set,
 * tells the metrics job everything; the task's metadata carries the same fields by name
 * ({@code cued, cueId, cuedOption, trueOption}).
 */
public record CueTag(String itemId, Optional<Cue> cue, Optional<Character> cuedOption, char trueOption) {
    public CueTag {
        if (cue.isPresent() != cuedOption.isPresent()) throw new IllegalArgumentException("a cue needs its cued option and only then");
        if (itemId.contains("#")) throw new IllegalArgumentException("item id must not contain '#': " + itemId);
    }

    public static CueTag uncued(String itemId, char trueOption) {
        return new CueTag(itemId, Optional.empty(), Optional.empty(), trueOption);
    }

    public static CueTag cued(String itemId, Cue cue, char cuedOption, char trueOption) {
        return new CueTag(itemId, Optional.of(cue), Optional.of(cuedOption), trueOption);
    }

    public boolean cued() { return cue.isPresent(); }

    public String taskId() {
        return itemId + "#" + cue.map(c -> c.id() + ":" + cuedOption.orElseThrow()).orElse("uncued") + "#" + trueOption;
    }

    /** The spec's tags as task metadata. */
    public Map<String, Object> metadata() {
        var m = new LinkedHashMap<String, Object>();
        m.put("item", itemId);
        m.put("cued", cued());
        cue.ifPresent(c -> m.put("cueId", c.id()));
        cuedOption.ifPresent(b -> m.put("cuedOption", String.valueOf(b)));
        m.put("trueOption", String.valueOf(trueOption));
        return m;
    }

    public static CueTag of(Task task) { return parse(task.id()); }

    /** Reads a task id written by {@link #taskId()}; names the id when it is not one. */
    public static CueTag parse(String taskId) {
        int last = taskId.lastIndexOf('#');
        int mid = last <= 0 ? -1 : taskId.lastIndexOf('#', last - 1);
        if (mid <= 0 || last != taskId.length() - 2) {
            throw new IllegalArgumentException("task id '" + taskId + "' is not a cue environment's (ITEM#CUE:B#Y or ITEM#uncued#Y)");
        }
        String item = taskId.substring(0, mid), cue = taskId.substring(mid + 1, last);
        char y = taskId.charAt(last + 1);
        if (cue.equals("uncued")) return uncued(item, y);
        int colon = cue.indexOf(':');
        if (colon < 0 || colon != cue.length() - 2) throw new IllegalArgumentException("task id '" + taskId + "': bad cue part '" + cue + "'");
        return cued(item, Cue.of(cue.substring(0, colon)), cue.charAt(colon + 1), y);
    }
}
