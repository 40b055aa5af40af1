package ai.lyceum.bench.swebench.parse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ported parsers by the git blob id of the {@code parser.py} they reproduce. An instance's parser is chosen by
 * hashing its {@code run_scripts/<id>/parser.py}, so a changed upstream file is never silently parsed by a port of
 * an older one.
 */
public final class OfficialParsers {
    private static final Map<String, OfficialParser> BY_BLOB = new LinkedHashMap<>();

    static {
        var all = new ArrayList<OfficialParser>();
        all.addAll(GoParsers.all());
        all.addAll(PytestParsers.all());
        all.addAll(MochaParsers.all());
        all.addAll(JestParsers.all());
        all.addAll(OspecParsers.all());
        for (var p : all) {
            if (BY_BLOB.put(p.blob(), p) != null) throw new IllegalStateException("two ports of blob " + p.blob());
        }
    }

    private OfficialParsers() {}

    public static List<OfficialParser> all() { return List.copyOf(BY_BLOB.values()); }

    public static Optional<OfficialParser> byBlob(String blob) { return Optional.ofNullable(BY_BLOB.get(blob)); }

    /** The port of {@code parserPy}; an unknown file is an error naming its blob id. */
    public static OfficialParser forFile(Path parserPy) throws IOException {
        var blob = gitBlobId(Files.readAllBytes(parserPy));
        return byBlob(blob).orElseThrow(() -> new IOException(parserPy + ": no Java port of this parser.py (git blob "
                + blob + "); run it with python3 or add a port in ai.lyceum.bench.swebench.parse"));
    }

    /** {@code git hash-object}: SHA-1 of {@code "blob <size>\0" + content}. */
    public static String gitBlobId(byte[] content) {
        try {
            var sha = MessageDigest.getInstance("SHA-1");
            sha.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
