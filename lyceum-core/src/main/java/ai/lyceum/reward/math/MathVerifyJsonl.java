package ai.lyceum.reward.math;

import ai.lyceum.dataset.DatasetException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The batch form behind {@code lyceum verify math --input FILE}: reads JSONL lines with {@code gold} and
 * {@code pred} (pred may be a whole model response) and writes each line back, in order, with a boolean
 * {@code verdict} added (plus {@code failure} naming the failure type when there was one). Blank lines are
 * skipped; a malformed line stops the run with an error naming its line number.
 *
 * <p>A line may override the run's options with the fields a side-by-side run with Math-Verify also reads:
 * {@code precision} (float_rounding), {@code strict}, {@code ordered_lists}, {@code allow_set_relation} (or
 * {@code set_relation}), {@code last_number}, and {@code targets} ("latex" turns the last-number fallback off,
 * "expr" or both turn it on).
 */
public final class MathVerifyJsonl {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MathVerifier verifier;
    private final Map<MathVerifyOptions, MathVerifier> perLine = new HashMap<>();

    public MathVerifyJsonl(MathVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** The verifier for one line: the run's, or one with the line's own option fields applied. */
    private MathVerifier verifierFor(ObjectNode row, int lineNo) throws DatasetException {
        var o = verifier.options();
        var base = o;
        try {
            if (row.has("precision")) o = o.withFloatRounding(intField(row, "precision", lineNo));
            if (row.has("strict")) o = o.withStrict(boolField(row, "strict", lineNo));
            if (row.has("ordered_lists")) o = o.withOrderedLists(boolField(row, "ordered_lists", lineNo));
            if (row.has("allow_set_relation")) o = o.withAllowSetRelation(boolField(row, "allow_set_relation", lineNo));
            else if (row.has("set_relation")) o = o.withAllowSetRelation(boolField(row, "set_relation", lineNo));
            if (row.has("last_number")) o = o.withLastNumberFallback(boolField(row, "last_number", lineNo));
            else if (row.has("targets")) o = o.withLastNumberFallback(targetsIncludeExpressions(row.get("targets"), lineNo));
        } catch (IllegalArgumentException e) {
            throw new DatasetException("line " + lineNo + ": " + e.getMessage());
        }
        if (o.equals(base)) return verifier;
        return perLine.computeIfAbsent(o, MathVerifier::new);
    }

    private static int intField(ObjectNode row, String name, int lineNo) throws DatasetException {
        var v = row.get(name);
        if (!v.canConvertToInt() || !v.isIntegralNumber()) throw new DatasetException("line " + lineNo + ": '" + name + "' must be an integer");
        return v.intValue();
    }

    private static boolean boolField(ObjectNode row, String name, int lineNo) throws DatasetException {
        var v = row.get(name);
        if (!v.isBoolean()) throw new DatasetException("line " + lineNo + ": '" + name + "' must be true or false");
        return v.booleanValue();
    }

    /** Math-Verify's extraction targets: "latex", "expr", or a list of them; any "expr" reads plain numbers too. */
    private static boolean targetsIncludeExpressions(JsonNode targets, int lineNo) throws DatasetException {
        var names = new ArrayList<String>();
        if (targets.isTextual()) names.addAll(List.of(targets.asText().split("[,\\s]+")));
        else if (targets.isArray()) targets.forEach(t -> names.add(t.asText()));
        else throw new DatasetException("line " + lineNo + ": 'targets' must be a string or a list");
        for (var n : names) {
            if (!List.of("latex", "expr", "both").contains(n)) throw new DatasetException("line " + lineNo + ": unknown target '" + n + "'");
        }
        return names.contains("expr") || names.contains("both");
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
            var verdict = verifierFor(row, lineNo).verify(gold.asText(), pred.asText());
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
