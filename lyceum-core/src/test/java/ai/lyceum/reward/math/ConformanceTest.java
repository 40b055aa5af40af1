package ai.lyceum.reward.math;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Cases ported from public peer verifiers' test suites (Math-Verify, Qwen2.5-Math's grader, Hendrycks MATH).
 * The bar is agreement with their expected verdicts, not identity: known disagreements are listed by the test
 * output and in the lead's report. Every case must finish without a timeout or a crash.
 */
class ConformanceTest {
    private static final double REQUIRED_AGREEMENT = 0.97;

    record Case(int line, String source, String gold, String pred, boolean expected, MathVerifyOptions options) {}

    static List<Case> cases() throws Exception {
        var mapper = new ObjectMapper();
        var out = new ArrayList<Case>();
        try (var in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
            ConformanceTest.class.getResourceAsStream("conformance.jsonl")), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                JsonNode j = mapper.readTree(line);
                var options = MathVerifyOptions.defaults()
                    .withDeadline(Duration.ofSeconds(2))
                    .withFloatRounding(j.path("precision").asInt(6))
                    .withLastNumberFallback(!j.path("targets").asText("both").equals("latex"))
                    .withAllowSetRelation(j.path("set_relation").asBoolean(false))
                    // MATH's equivalence treats a bare list as ordered; its cases run with --ordered-lists (issue #12)
                    .withOrderedLists(j.get("source").asText().startsWith("hendrycks/"));
                out.add(new Case(n, j.get("source").asText(), j.get("gold").asText(), j.get("pred").asText(),
                    j.get("expected").asBoolean(), options));
            }
        }
        return out;
    }

    @Test
    void agreesWithPeerSuitesOnAtLeast97PercentWithoutTimeoutsOrCrashes() throws Exception {
        var cases = cases();
        int agree = 0;
        var failures = new ArrayList<String>();
        var disagreements = new ArrayList<String>();
        for (var c : cases) {
            var verdict = new MathVerifier(c.options()).verify(c.gold(), c.pred());
            if (verdict.failure().isPresent() && !(verdict.failure().get() instanceof ai.lyceum.failure.Failure.Unparseable)) {
                failures.add("line " + c.line() + ": " + verdict.failure().get());
            }
            if (verdict.isTrue() == c.expected()) agree++;
            else disagreements.add("line " + c.line() + " [" + c.source() + "] expected " + c.expected() + ": gold="
                + excerpt(c.gold()) + " pred=" + excerpt(c.pred()) + " extracted=" + verdict.goldAnswer().orElse("-")
                + " | " + verdict.predictedAnswer().orElse("-") + verdict.failure().map(f -> " " + f.type()).orElse(""));
        }
        double agreement = (double) agree / cases.size();
        System.out.printf("conformance: %d/%d agree (%.1f%%)%n", agree, cases.size(), 100 * agreement);
        disagreements.forEach(d -> System.out.println("  disagree " + d));
        assertThat(cases).hasSizeGreaterThan(250);
        assertThat(failures).as("timeouts or crashes").isEmpty();
        assertThat(agreement).isGreaterThanOrEqualTo(REQUIRED_AGREEMENT);
    }

    private static String excerpt(String s) {
        var one = s.replace("\n", "\\n");
        return one.length() <= 90 ? one : one.substring(0, 40) + " … " + one.substring(one.length() - 45);
    }
}
