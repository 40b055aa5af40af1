package ai.lyceum.ares.search;

import ai.lyceum.failure.FailureException;
import java.util.List;

/** Turns texts into vectors; one implementation per backend. */
public interface TextEmbedder extends AutoCloseable {
    /** The model's name, recorded with every stored vector. */
    String model();

    List<float[]> embed(List<String> texts) throws FailureException, InterruptedException;

    @Override
    default void close() {}
}
