package ai.lyceum.train.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a checkpoint's trainer knew about serving it, stored beside the weights as {@code policy.json}: the
 * prompt format it was trained on, the environment, and how many tokens an answer takes.
 */
public record PolicyCard(PromptFormat format, String environment, int maxTokens) {
    public static final String FILE = "policy.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(FILE).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
        }
    }

    /** The card in {@code dir}, or empty for a bare checkpoint. */
    public static Optional<PolicyCard> load(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(JSON.readValue(file.toFile(), PolicyCard.class));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": unreadable policy card: " + e.getMessage(), e);
        }
    }
}
