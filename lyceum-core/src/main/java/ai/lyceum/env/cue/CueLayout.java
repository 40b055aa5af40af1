package ai.lyceum.env.cue;

import ai.lyceum.env.choice.McqItem;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Which prompts a cue environment poses per item. */
public enum CueLayout {
    /** Each item once: cued (a random cue at a random wrong option) with the cued share, else uncued: RL's mix. */
    MIXED,
    /** Each item uncued, and once per cue at a random wrong option: the switch definition of influence. */
    PAIRED,
    /** Each item uncued, and per cue at every wrong option: the stricter all-options definition. */
    ALL_OPTIONS;

    public static CueLayout of(String name) {
        return switch (name.strip().toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
            case "mixed" -> MIXED;
            case "paired" -> PAIRED;
            case "all-options" -> ALL_OPTIONS;
            default -> throw new IllegalArgumentException("unknown cue layout '" + name + "'; known: mixed, paired, all-options");
        };
    }

    /** The tags of {@code item}'s prompts; {@code random} draws cues and wrong options. */
    public List<CueTag> tags(McqItem item, List<? extends CueSpec> cues, double cuedFraction, SplittableRandom random) {
        var out = new ArrayList<CueTag>();
        var wrong = item.wrongOptions();
        switch (this) {
            case MIXED -> {
                if (random.nextDouble() < cuedFraction) {
                    var cue = cues.get(random.nextInt(cues.size()));
                    out.add(CueTag.cued(item.id(), cue.kind(), wrong.get(random.nextInt(wrong.size())), item.answer()));
                } else {
                    out.add(CueTag.uncued(item.id(), item.answer()));
                }
            }
            case PAIRED -> {
                out.add(CueTag.uncued(item.id(), item.answer()));
                for (var cue : cues) out.add(CueTag.cued(item.id(), cue.kind(), wrong.get(random.nextInt(wrong.size())), item.answer()));
            }
            case ALL_OPTIONS -> {
                out.add(CueTag.uncued(item.id(), item.answer()));
                for (var cue : cues) for (char b : wrong) out.add(CueTag.cued(item.id(), cue.kind(), b, item.answer()));
            }
        }
        return out;
    }
}
