package ai.lyceum.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Writes {@code rollouts.jsonl}: one line per rollout with {@code task_id}, {@code sample}, {@code reward}
 * (null when failed), {@code failure} (its type, or null) and {@code turns}: per turn the acting {@code role}, the
 * {@code observation} it answered (its messages), the completion's {@code text}, {@code finish} and {@code usage},
 * and {@code tokens} ({@code ids}, {@code logprobs}) when the policy returned them — what a side-by-side check such
 * as ../shared/bench/llama_parity.py replays. Written to a temporary file and moved into place, so a reader never
 * sees half a file.
 */
public final class RolloutsExport {
    public static final String FILE_NAME = "rollouts.jsonl";

    private RolloutsExport() {}

    public static Path write(List<RolloutRecord> rollouts, Path dir) throws IOException {
        var target = dir.resolve(FILE_NAME);
        var tmp = dir.resolve(FILE_NAME + ".tmp");
        try (var out = Files.newBufferedWriter(tmp)) {
            for (var r : rollouts) {
                var line = RolloutJson.JSON.createObjectNode();
                line.put("task_id", r.taskId());
                line.put("sample", r.sample());
                r.reward().ifPresentOrElse(v -> line.put("reward", v), () -> line.putNull("reward"));
                r.failureType().ifPresentOrElse(f -> line.put("failure", f), () -> line.putNull("failure"));
                var turns = line.putArray("turns");
                for (var turn : RolloutJson.JSON.readTree(r.trajectoryJson()).path("turns")) turns.add(turn);
                out.write(line.toString());
                out.newLine();
            }
        }
        return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
