package ai.lyceum.reward.math;

import ai.lyceum.dataset.DatasetException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.Objects;

/**
 * The batch form behind {@code lyceum verify math --input FILE}: reads JSONL lines with {@code gold} and
 * {@code pred} (pred may be a whole model response) and writes each line back, in order, with a boolean
 * {@code verdict} added (plus {@code failure} naming the failure type when there was one). Blank lines are
 * skipped; a malformed line stops the run with an error naming its line number.
 */
public final class MathVerifyJsonl {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MathVerifier verifier;

    public MathVerifyJsonl(MathVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** Summary of one batch. */
    public record Summary(int lines, int verifiedTrue, int failures) {}

    public Summary verifyJsonl(Reader in, Writer out) throws IOException, DatasetException {
        var reader = in instanceof BufferedReader b ? b : new BufferedReader(in);
        int lineNo = 0;
        int lines = 0;
        int trues = 0;
        int failures = 0;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) continue;
            ObjectNode row;
            try {
                if (!(JSON.readTree(line) instanceof ObjectNode o)) throw new DatasetException("line " + lineNo + ": not a JSON object");
                row = o;
            } catch (JsonProcessingException e) {
                throw new DatasetException("line " + lineNo + ": invalid JSON: " + e.getOriginalMessage());
            }
            var gold = row.get("gold");
            var pred = row.get("pred");
            if (gold == null || !gold.isTextual()) throw new DatasetException("line " + lineNo + ": missing string field 'gold'");
            if (pred == null || !pred.isTextual()) throw new DatasetException("line " + lineNo + ": missing string field 'pred'");
            var verdict = verifier.verify(gold.asText(), pred.asText());
            row.put("verdict", verdict.isTrue());
            verdict.failure().ifPresent(f -> row.put("failure", f.type()));
            out.write(JSON.writeValueAsString(row));
            out.write('\n');
            lines++;
            if (verdict.isTrue()) trues++;
            if (verdict.failure().isPresent()) failures++;
        }
        out.flush();
        return new Summary(lines, trues, failures);
    }

}
