package ai.lyceum.train.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    private static final ModelConfig TINY = new ModelConfig("tiny", ByteTokenizer.VOCAB_SIZE, 32, 2, 4, 64, 128, 10_000, 1e-5);

    @Test
    void loadsBackExactlyTheBitsItSaved(@TempDir Path dir) {
        try (var model = Transformer.initialize(TINY, 3)) {
            Checkpoint.save(model, dir);
            try (var loaded = Checkpoint.load(dir)) {
                assertThat(loaded.config()).isEqualTo(TINY);
                assertThat(loaded.parameters().keySet()).containsExactlyElementsOf(model.parameters().keySet());
                model.parameters().forEach((name, p) -> {
                    int[] want = bits(p.toFloatArray()), got = bits(loaded.parameters().get(name).toFloatArray());
                    assertThat(got).as(name).containsExactly(want);
                });
                int[] ctx = {256, 65, 66};
                assertThat(loaded.logprobs(ctx, new int[] {67, 68})).containsExactly(model.logprobs(ctx, new int[] {67, 68}));
            }
        }
    }

    @Test
    void writesHuggingFaceLlamaTensorNames(@TempDir Path dir) throws Exception {
        try (var model = Transformer.initialize(TINY, 3)) {
            Checkpoint.save(model, dir);
        }
        byte[] file = Files.readAllBytes(dir.resolve(Checkpoint.WEIGHTS));
        long headerLength = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(file, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat(header).contains("\"model.layers.0.self_attn.q_proj.weight\"", "\"model.layers.1.mlp.down_proj.weight\"",
                "\"lm_head.weight\"", "\"model.embed_tokens.weight\"", "\"F32\"");
        assertThat(Files.readString(dir.resolve(Checkpoint.CONFIG))).contains("\"hidden_size\" : 32", "LlamaForCausalLM");
    }

    @Test
    void refusesWeightsThatDoNotFitTheConfig(@TempDir Path dir) throws Exception {
        try (var model = Transformer.initialize(TINY, 3)) {
            Checkpoint.save(model, dir);
        }
        String config = Files.readString(dir.resolve(Checkpoint.CONFIG)).replace("\"num_hidden_layers\" : 2", "\"num_hidden_layers\" : 3");
        Files.writeString(dir.resolve(Checkpoint.CONFIG), config);
        assertThatThrownBy(() -> Checkpoint.load(dir)).hasMessageContaining("missing [model.layers.2.");
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) out[i] = Float.floatToRawIntBits(values[i]);
        return out;
    }
}
