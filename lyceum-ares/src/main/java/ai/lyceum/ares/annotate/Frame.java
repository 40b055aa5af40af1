package ai.lyceum.ares.annotate;

import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/** One encoded camera image of an episode, as stored (PNG or JPEG bytes); never decoded, only passed on. */
public record Frame(int index, String mediaType, byte[] bytes) {
    public Frame {
        if (index < 0) throw new IllegalArgumentException("frame index must be >= 0, was " + index);
        Objects.requireNonNull(mediaType, "mediaType");
        if (bytes.length == 0) throw new IllegalArgumentException("frame " + index + " has no bytes");
    }

    /** A {@code data:} URL, as OpenAI-compatible chat servers take images. */
    public String dataUrl() { return "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(bytes); }

    /** The media type from the magic bytes: what a chat server will accept, empty for anything else. */
    public static Optional<String> sniff(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return Optional.of("image/png");
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) return Optional.of("image/jpeg");
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
                && b[10] == 'B' && b[11] == 'P') return Optional.of("image/webp");
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') return Optional.of("image/gif");
        return Optional.empty();
    }

    // arrays compare by identity in a record: say what equality means here
    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.index == index && f.mediaType.equals(mediaType) && java.util.Arrays.equals(f.bytes, bytes);
    }

    @Override
    public int hashCode() { return 31 * Integer.hashCode(index) + java.util.Arrays.hashCode(bytes); }

    @Override
    public String toString() { return "Frame[" + index + ", " + mediaType + ", " + bytes.length + " bytes]"; }
}
