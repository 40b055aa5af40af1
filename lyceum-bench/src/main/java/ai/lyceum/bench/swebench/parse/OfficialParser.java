package ai.lyceum.bench.swebench.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A Java port of one official {@code parser.py}, named by that file's git blob id. {@link #run} is what
 * {@code python parser.py stdout stderr output.json} does: read both logs (strict UTF-8, universal newlines),
 * parse, and export, where most parsers collapse repeated names (first position, last status) and a few keep all.
 */
public record OfficialParser(String blob, String family, String exampleInstance, Body body, boolean dedup) {
    /** The ported {@code parse_test_output}. */
    @FunctionalInterface
    public interface Body {
        List<TestResult> parse(String stdout, String stderr) throws ParserCrash;
    }

    /** A parser.py that fails before reading anything (a SyntaxError, a bad call at module level). */
    public record Broken(String pythonType, String message) implements Body {
        @Override
        public List<TestResult> parse(String stdout, String stderr) throws ParserCrash {
            throw new ParserCrash(pythonType, message);
        }
    }

    public List<TestResult> run(byte[] stdout, byte[] stderr) throws ParserCrash {
        if (body instanceof Broken broken) broken.parse("", "");
        var out = PyText.read(stdout);
        var err = PyText.read(stderr);
        var results = body.parse(out, err);
        return dedup ? collapse(results) : List.copyOf(results);
    }

    /** {@code {r.name: r for r in results}.values()}. */
    static List<TestResult> collapse(List<TestResult> results) {
        var byName = new LinkedHashMap<String, TestResult>();
        for (var r : results) byName.put(r.name(), r);
        return new ArrayList<>(byName.values());
    }
}
