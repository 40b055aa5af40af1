package ai.lyceum.cli;

import ai.lyceum.train.model.Checkpoint;
import ai.lyceum.train.model.Transformer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a checkpoint named on the command line, turning a missing or damaged one into a message that names it. */
final class CheckpointFiles {
    private CheckpointFiles() {}

    /** Throws unless {@code dir} holds both checkpoint files; {@code option} names where the user gave it. */
    static void check(String option, Path dir) {
        if (!Files.isRegularFile(dir.resolve(Checkpoint.CONFIG)) || !Files.isRegularFile(dir.resolve(Checkpoint.WEIGHTS))) {
            throw new IllegalArgumentException(option + " " + dir + ": not a checkpoint directory (needs " + Checkpoint.CONFIG
                    + " and " + Checkpoint.WEIGHTS + ", as lyceum train and demo write them)");
        }
    }

    static Transformer load(String option, Path dir) {
        check(option, dir);
        try {
            return Checkpoint.load(dir);
        } catch (RuntimeException e) {
            var why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            throw new IllegalArgumentException(option + " " + dir + ": cannot read the checkpoint (" + why + "); is "
                    + Checkpoint.WEIGHTS + " truncated or from another program?", e);
        }
    }
}
