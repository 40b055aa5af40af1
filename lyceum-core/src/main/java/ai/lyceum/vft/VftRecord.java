package ai.lyceum.vft;

import ai.lyceum.task.Message;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One SFT record of the VFT or BCT mixture, in the spec's JSONL shape (§9.3): {@code prompt} (chat messages),
 * {@code target}, {@code case}, {@code cueId}, {@code cuedOption}, {@code editorModel}, {@code judgeVerdict}
 * (null where no editor or judge was involved), plus {@code itemId}.
 */
public record VftRecord(String itemId, List<Message> prompt, String target, VftCase caseLabel, String cueId, char cuedOption,
        Optional<String> editorModel, Optional<String> judgeVerdict) {
    public VftRecord {
        prompt = List.copyOf(prompt);
    }

    public Map<String, Object> json() {
        var m = new LinkedHashMap<String, Object>();
        m.put("prompt", prompt.stream().map(x -> Map.of("role", x.role(), "content", x.content())).toList());
        m.put("target", target);
        m.put("case", caseLabel.id());
        m.put("cueId", cueId);
        m.put("cuedOption", String.valueOf(cuedOption));
        m.put("editorModel", editorModel.orElse(null));
        m.put("judgeVerdict", judgeVerdict.orElse(null));
        m.put("itemId", itemId);
        return m;
    }
}
