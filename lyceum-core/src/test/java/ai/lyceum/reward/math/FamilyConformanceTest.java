package ai.lyceum.reward.math;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.failure.Failure;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Our own cases for the answer families of issue #12 (numbers as people write them, answers inside long solutions,
 * relations and sets, labelled answers, text and constants, numeric tolerance, expressions, conventions), written
 * against the reference verifier's documented behaviour. Prints agreement per family; fails below the bar or on any
 * timeout or crash.
 */
class FamilyConformanceTest {
    private static final double REQUIRED_TOTAL = 0.97;
    private static final double REQUIRED_PER_FAMILY = 0.90;

    record Case(int line, String family, String gold, String pred, boolean expected, String options) {}

    static List<Case> cases() throws Exception {
        var out = new ArrayList<Case>();
        try (var in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
            FamilyConformanceTest.class.getResourceAsStream("conformance-families.tsv")), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) continue;
                var f = line.split("\t", -1);
                if (f.length != 5) throw new IllegalStateException("conformance-families.tsv:" + n + ": expected 5 tab-separated fields, found " + f.length);
                out.add(new Case(n, f[0], f[1].replace("⏎", "\n"), f[2].replace("⏎", "\n"), Boolean.parseBoolean(f[3]), f[4].strip()));
            }
        }
        return out;
    }

    static MathVerifyOptions options(String spec) {
        var o = MathVerifyOptions.defaults().withDeadline(Duration.ofSeconds(2));
        for (var token : spec.split("\\s*;\\s*|\\s+")) {
            if (token.isEmpty()) continue;
            var kv = token.split("=", 2);
            var value = kv.length == 2 ? kv[1] : "true";
            o = switch (kv[0]) {
                case "last_number" -> o.withLastNumberFallback(Boolean.parseBoolean(value));
                case "allow_set_relation" -> o.withAllowSetRelation(Boolean.parseBoolean(value));
                case "ordered_lists" -> o.withOrderedLists(Boolean.parseBoolean(value));
                case "strict" -> o.withStrict(Boolean.parseBoolean(value));
                case "precision" -> o.withFloatRounding(Integer.parseInt(value));
                default -> throw new IllegalArgumentException("unknown option " + token);
            };
        }
        return o;
    }

    @Test
    void agreesPerFamilyWithoutTimeoutsOrCrashes() throws Exception {
        var cases = cases();
        Map<String, int[]> perFamily = new TreeMap<>(); // family -> {agree, total}
        var defects = new ArrayList<String>();
        var disagreements = new ArrayList<String>();
        for (var c : cases) {
            var verdict = new MathVerifier(options(c.options())).verify(c.gold(), c.pred());
            verdict.failure().filter(f -> !(f instanceof Failure.Unparseable))
                .ifPresent(f -> defects.add("line " + c.line() + ": " + f));
            var counts = perFamily.computeIfAbsent(c.family(), k -> new int[2]);
            counts[1]++;
            if (verdict.isTrue() == c.expected()) counts[0]++;
            else disagreements.add("line " + c.line() + " [" + c.family() + "] expected " + c.expected() + " " + c.options()
                + ": gold=" + excerpt(c.gold()) + " pred=" + excerpt(c.pred()) + " extracted=" + verdict.goldAnswer().orElse("-")
                + " | " + verdict.predictedAnswer().orElse("-") + verdict.failure().map(f -> " " + f.type()).orElse(""));
        }
        int agree = 0;
        for (var e : perFamily.entrySet()) {
            agree += e.getValue()[0];
            System.out.printf("family %-12s %3d/%3d (%.1f%%)%n", e.getKey(), e.getValue()[0], e.getValue()[1], 100.0 * e.getValue()[0] / e.getValue()[1]);
        }
        double total = (double) agree / cases.size();
        System.out.printf("family total        %3d/%3d (%.1f%%)%n", agree, cases.size(), 100 * total);
        disagreements.forEach(d -> System.out.println("  disagree " + d));
        assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
        assertThat(perFamily.keySet()).containsExactlyInAnyOrder("numbers", "long", "relations", "labels", "text",
            "tolerance", "expressions", "conventions");
        assertThat(defects).as("timeouts or crashes").isEmpty();
        for (var e : perFamily.entrySet()) {
            assertThat((double) e.getValue()[0] / e.getValue()[1]).as("agreement of family " + e.getKey()).isGreaterThanOrEqualTo(REQUIRED_PER_FAMILY);
        }
        assertThat(total).isGreaterThanOrEqualTo(REQUIRED_TOTAL);
    }

    private static String excerpt(String s) {
        var one = s.replace("\n", "⏎");
        return one.length() <= 90 ? one : one.substring(0, 40) + " … " + one.substring(one.length() - 45);
    }
}
