package ai.lyceum.train.policy;

import ai.lyceum.env.Environment;
import ai.lyceum.env.procedural.ProceduralEnvironment;
import ai.lyceum.task.Message;
import ai.lyceum.train.model.ByteTokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * How chat messages become the byte tokens the embedded model reads. A model only answers well in the format
 * it was trained on, so the trainer that wrote the checkpoint and the policy that serves it share one of these.
 */
public enum PromptFormat {
    /**
     * {@code BOS role \n content EOS} per message, then {@code assistant \n}: EOS closes a turn, as Llama 3's
     * end-of-turn token does, so the model's own EOS ends its reply.
     */
    ROLES {
        @Override
        public int[] render(List<Message> messages) {
            var out = new IntBuffer();
            out.add(ByteTokenizer.BOS);
            for (Message m : messages) {
                out.addAll(ByteTokenizer.encode(m.role() + "\n" + m.content()));
                out.add(ByteTokenizer.EOS);
            }
            out.addAll(ByteTokenizer.encode(Message.ASSISTANT + "\n"));
            return out.toArray();
        }
    },
    /** {@code BOS} then the messages' contents back to back: for tiny models trained on bare prompts. */
    RAW {
        @Override
        public int[] render(List<Message> messages) {
            var out = new IntBuffer();
            out.add(ByteTokenizer.BOS);
            for (Message m : messages) out.addAll(ByteTokenizer.encode(m.content()));
            return out.toArray();
        }
    };

    /**
     * The format an embedded model learns {@code environment} in: bare prompts for the procedural environments,
     * whose tiny models read no chat roles, and roles for everything else.
     */
    public static PromptFormat of(Environment environment) {
        return environment instanceof ProceduralEnvironment ? RAW : ROLES;
    }

    /** The prompt tokens for {@code messages}, ending where the model's reply begins. */
    public abstract int[] render(List<Message> messages);

    private static final class IntBuffer {
        private int[] data = new int[64];
        private int size;

        void add(int v) {
            if (size == data.length) data = Arrays.copyOf(data, size * 2);
            data[size++] = v;
        }

        void addAll(int[] values) { for (int v : values) add(v); }

        int[] toArray() { return Arrays.copyOf(data, size); }
    }
}
