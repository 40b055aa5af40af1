package ai.lyceum.train.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;

/**
 * Saves and loads a model as a directory laid out like a Hugging Face checkpoint: {@code model.safetensors}
 * (float32 tensors under Llama names) and {@code config.json} (Llama fields plus {@code lyceum_config}).
 * Files are written beside their target and moved into place, so a crash never leaves a half checkpoint.
 */
public final class Checkpoint {
    public static final String WEIGHTS = "model.safetensors";
    public static final String CONFIG = "config.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoint() {}

    public static void save(Transformer model, Path dir) {
        try {
            Files.createDirectories(dir);
            var list = new NDList();
            model.parameters().forEach((name, p) -> {
                if (!name.equals(p.getName())) p.setName(name);
                list.add(p);
            });
            Path weights = dir.resolve(WEIGHTS + ".tmp");
            try (var out = new BufferedOutputStream(Files.newOutputStream(weights))) {
                list.encode(out, NDList.Encoding.SAFETENSORS);
            }
            Path config = dir.resolve(CONFIG + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(config.toFile(), configJson(model.config()));
            Files.move(weights, dir.resolve(WEIGHTS), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(config, dir.resolve(CONFIG), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save checkpoint to " + dir, e);
        }
    }

    /** Loads a checkpoint written by {@link #save}; the caller closes the model. */
    public static Transformer load(Path dir) {
        ModelConfig config = readConfig(dir.resolve(CONFIG));
        NDManager manager = Torch.newManager();
        try (var scope = new NDScope(); var in = new BufferedInputStream(Files.newInputStream(dir.resolve(WEIGHTS)))) {
            scope.suppressNotUsedWarning();
            NDList list = NDList.decode(manager, in);
            var tensors = new LinkedHashMap<String, NDArray>();
            for (NDArray t : list) tensors.put(t.getName(), t);
            return Transformer.fromTensors(config, manager, tensors); // unregisters them from the scope
        } catch (IOException e) {
            manager.close();
            throw new UncheckedIOException("cannot read " + dir.resolve(WEIGHTS), e);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    static ObjectNode configJson(ModelConfig c) {
        ObjectNode n = JSON.createObjectNode();
        n.putArray("architectures").add("LlamaForCausalLM");
        n.put("model_type", "llama");
        n.put("lyceum_config", c.name());
        n.put("vocab_size", c.vocabSize());
        n.put("hidden_size", c.dModel());
        n.put("num_hidden_layers", c.nLayers());
        n.put("num_attention_heads", c.nHeads());
        n.put("num_key_value_heads", c.nHeads());
        n.put("intermediate_size", c.ffnHidden());
        n.put("max_position_embeddings", c.maxSeqLen());
        n.put("rope_theta", c.ropeTheta());
        n.put("rms_norm_eps", c.normEps());
        n.put("hidden_act", "silu");
        n.put("tie_word_embeddings", false);
        n.put("attention_bias", false);
        n.put("torch_dtype", "float32");
        n.put("bos_token_id", ByteTokenizer.BOS);
        n.put("eos_token_id", ByteTokenizer.EOS);
        n.put("pad_token_id", ByteTokenizer.PAD);
        return n;
    }

    static ModelConfig readConfig(Path file) {
        try {
            JsonNode n = JSON.readTree(file.toFile());
            return new ModelConfig(text(n, "lyceum_config", file), integer(n, "vocab_size", file),
                    integer(n, "hidden_size", file), integer(n, "num_hidden_layers", file),
                    integer(n, "num_attention_heads", file), integer(n, "intermediate_size", file),
                    integer(n, "max_position_embeddings", file), number(n, "rope_theta", file),
                    number(n, "rms_norm_eps", file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static JsonNode field(JsonNode n, String name, Path file) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) throw new IllegalArgumentException(file + ": missing field " + name);
        return v;
    }

    private static String text(JsonNode n, String name, Path file) { return field(n, name, file).asText(); }

    private static int integer(JsonNode n, String name, Path file) {
        JsonNode v = field(n, name, file);
        if (!v.canConvertToInt()) throw new IllegalArgumentException(file + ": " + name + " is not an integer: " + v);
        return v.intValue();
    }

    private static double number(JsonNode n, String name, Path file) {
        JsonNode v = field(n, name, file);
        if (!v.isNumber()) throw new IllegalArgumentException(file + ": " + name + " is not a number: " + v);
        return v.doubleValue();
    }
}
