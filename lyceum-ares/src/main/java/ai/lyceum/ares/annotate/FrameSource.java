package ai.lyceum.ares.annotate;

import ai.lyceum.ares.model.Rollout;
import java.io.IOException;
import java.util.List;

/** Where a model-based annotator gets an episode's images. Implementations say why there are none, never invent. */
public interface FrameSource extends AutoCloseable {
    /**
     * The frames at {@code indices} that exist, in order.
     *
     * @throws NotApplicable when the episode has no images this source can read (an LLM rollout, video without a decoder)
     * @throws IOException   when the images exist but cannot be read (a moved dataset, a broken file)
     */
    List<Frame> frames(Rollout rollout, List<Integer> indices) throws NotApplicable, IOException;

    @Override
    default void close() {}
}
