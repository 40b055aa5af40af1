package ai.lyceum.dataset;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lines of text read as strict UTF-8: bytes that are not UTF-8 are an error naming the file and line, never a
 * silent U+FFFD that would then be graded as if the user had written it. Each line is decoded on its own, so the
 * line number in the error is exact.
 */
public final class Utf8Lines extends BufferedReader {
    private final InputStream in;
    private final Object source;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private long lineNumber;

    private Utf8Lines(InputStream in, Object source) {
        super(new StringReader(""));
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
        this.source = source;
    }

    public static Utf8Lines open(Path file) throws IOException {
        return new Utf8Lines(Files.newInputStream(file), file);
    }

    /** @param source what the error names (a file) */
    public static Utf8Lines open(InputStream in, Object source) {
        return new Utf8Lines(in, source);
    }

    /** A line that is not UTF-8; the message names the source and line. */
    public static final class NotUtf8 extends CharacterCodingException {
        private final String message;

        NotUtf8(String message) { this.message = message; }

        @Override
        public String getMessage() { return message; }
    }

    @Override
    public String readLine() throws IOException {
        line.reset();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') line.write(b);
        if (b < 0 && line.size() == 0) return null;
        lineNumber++;
        var bytes = line.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw new NotUtf8(source + ":" + lineNumber + ": not UTF-8 text; convert the file, e.g. iconv -f latin1 -t utf-8");
        }
    }

    @Override
    public int read() throws IOException {
        throw new UnsupportedOperationException("read lines with readLine()");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
