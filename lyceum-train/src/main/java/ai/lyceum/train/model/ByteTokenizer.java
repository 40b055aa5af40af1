package ai.lyceum.train.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Bytes are tokens: ids 0–255 are the UTF-8 bytes of the text, then three specials. Nothing to train, nothing
 * out of vocabulary, and a sampled id sequence always decodes (broken UTF-8 becomes U+FFFD).
 */
public final class ByteTokenizer {
    public static final int BOS = 256;
    public static final int EOS = 257;
    public static final int PAD = 258;
    public static final int VOCAB_SIZE = 259;

    private ByteTokenizer() {}

    /** The UTF-8 bytes of {@code text}, without BOS or EOS. */
    public static int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) ids[i] = bytes[i] & 0xFF;
        return ids;
    }

    /** {@link #encode} then EOS: a completion as the model should write it. */
    public static int[] encodeWithEos(String text) {
        int[] body = encode(text);
        int[] ids = java.util.Arrays.copyOf(body, body.length + 1);
        ids[body.length] = EOS;
        return ids;
    }

    /** The text of the byte tokens in {@code ids}; special tokens are skipped. */
    public static String decode(int[] ids) { return decode(ids, 0, ids.length); }

    public static String decode(int[] ids, int from, int to) {
        var out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            int id = ids[i];
            if (id < 0 || id >= VOCAB_SIZE) throw new IllegalArgumentException("token id out of range: " + id);
            if (id < 256) out.write(id);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public static boolean isSpecial(int id) { return id >= 256; }
}
