package ai.lyceum.reward.math;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.failure.Failure;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * The harness behind {@code lyceum bench verify}: from MATH-500 gold answers it builds re-formatted equivalent
 * variants (a/b for \frac, \dfrac, \left( \right), spacing, decimals, reordered sets, units, a boxed sentence)
 * and non-equivalent ones (off by one, several candidates for one value), verifies them on N threads and reports
 * throughput, latency percentiles, failures and agreement with the expected verdicts.
 */
public final class VerifyBenchmark {
    private static final Pattern SIMPLE_FRAC = Pattern.compile("\\\\frac\\{(-?\\d+)\\}\\{(\\d+)\\}");

    /** One generated pair and the verdict it should get. */
    public record Variant(String gold, String prediction, boolean expected, String kind) {}

    /**
     * @param verdicts          verdicts computed
     * @param verdictsPerSecond over the wall-clock time of the whole run
     * @param p50Micros         median latency of one verdict
     * @param p99Micros         99th percentile latency of one verdict
     * @param timeouts          verdicts that hit the deadline
     * @param crashes           verdicts that failed with a verifier defect
     * @param agreement         share of verdicts equal to the expected one
     * @param disagreements     the first few disagreeing variants, for a person to read
     */
    public record Result(int verdicts, int threads, double verdictsPerSecond, double p50Micros, double p99Micros,
                         int timeouts, int crashes, double agreement, List<String> disagreements) {
        public Result { disagreements = List.copyOf(disagreements); }
    }

    private final MathVerifier verifier;

    public VerifyBenchmark(MathVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** Reads the {@code answer} field of each JSONL row. */
    public static List<String> readGoldAnswers(Path jsonl) throws IOException, DatasetException {
        var mapper = new ObjectMapper();
        var out = new ArrayList<String>();
        int n = 0;
        for (var line : Files.readAllLines(jsonl)) {
            n++;
            if (line.isBlank()) continue;
            var answer = mapper.readTree(line).get("answer");
            if (answer == null || !answer.isTextual()) throw new DatasetException(jsonl + ":" + n + ": no string field 'answer'");
            out.add(answer.asText());
        }
        return out;
    }

    public static List<Variant> variants(List<String> golds) {
        var out = new ArrayList<Variant>();
        for (var g : golds) {
            out.add(new Variant(g, "The final answer is $\\boxed{" + g + "}$.", true, "boxed sentence"));
            out.add(new Variant(g, "Therefore the answer is $" + g + "$", true, "latex span"));
            if (g.contains("\\frac")) out.add(new Variant(g, "\\boxed{" + g.replace("\\frac", "\\dfrac") + "}", true, "dfrac"));
            var m = SIMPLE_FRAC.matcher(g);
            if (m.find() && !g.matches(".*\\d\\s*\\\\frac.*")) {
                out.add(new Variant(g, "\\boxed{" + m.replaceAll("$1/$2") + "}", true, "a/b"));
                if (g.strip().matches("-?\\\\frac\\{\\d+\\}\\{\\d+\\}")) {
                    var mm = SIMPLE_FRAC.matcher(g.strip().replace("-\\frac", "\\frac"));
                    if (mm.matches()) {
                        var dec = new java.math.BigDecimal(mm.group(1)).divide(new java.math.BigDecimal(mm.group(2)),
                            12, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
                        out.add(new Variant(g, "\\boxed{" + (g.strip().startsWith("-") ? "-" : "") + dec + "}", true, "decimal"));
                    }
                }
            }
            if (g.contains("(") && !g.contains("\\left")) {
                out.add(new Variant(g, "\\boxed{" + g.replace("(", "\\left(").replace(")", "\\right)") + "}", true, "left-right"));
            }
            boolean thousands = g.matches(".*\\d,(?:\\\\!)?\\s?\\d{3}.*");
            if (!thousands) out.add(new Variant(g, "\\boxed{ " + g.replace(",", " , ").replace("+", " + ") + " }", true, "spacing"));
            if (g.matches("-?\\d+")) {
                out.add(new Variant(g, "\\boxed{" + g + ".0}", true, "decimal"));
                out.add(new Variant(g, "\\boxed{" + g + "\\text{ units}}", true, "units"));
                out.add(new Variant(g, "\\boxed{" + new java.math.BigInteger(g).add(java.math.BigInteger.ONE) + "}", false, "off by one"));
            }
            var set = Pattern.compile("^\\\\\\{(.*)\\\\\\}$").matcher(g.strip());
            if (set.matches() && !set.group(1).contains("(")) {
                var items = new ArrayList<>(Arrays.asList(set.group(1).split(",")));
                java.util.Collections.reverse(items);
                out.add(new Variant(g, "\\boxed{\\{" + String.join(",", items) + "\\}}", true, "reordered set"));
            } else if (!thousands && !g.contains("(") && !g.contains("[") && g.contains(",") && !g.contains("\\begin") && !g.contains("\\{")) {
                var items = new ArrayList<>(Arrays.asList(g.split(",")));
                java.util.Collections.reverse(items);
                out.add(new Variant(g, "\\boxed{" + String.join(",", items) + "}", true, "reordered list"));
            }
            if (!g.contains(",") && !g.contains("=") && !g.contains("\\in") && !g.contains("<") && !g.contains(">")
                && !g.contains("\\text") && !g.contains("\\begin") && !g.contains("\\cup")) {
                // a second, different candidate ("0, 0" is one value written twice, which is an answer)
                out.add(new Variant(g, "\\boxed{" + g + ", " + (g.strip().equals("0") ? "1" : "0") + "}", false, "several candidates"));
                out.add(new Variant(g, "\\boxed{(" + g + ")+1}", false, "plus one"));
            }
        }
        return out;
    }

    public Result run(List<Variant> work, int threads) throws InterruptedException {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        var latencies = new long[work.size()];
        var outcomes = new Verdict[work.size()];
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                futures.add(pool.submit(() -> {
                    for (int i = first; i < work.size(); i += threads) {
                        long t0 = System.nanoTime();
                        outcomes[i] = verifier.verify(work.get(i).gold(), work.get(i).prediction());
                        latencies[i] = System.nanoTime() - t0;
                    }
                }));
            }
            for (var f : futures) {
                try { f.get(); } catch (java.util.concurrent.ExecutionException e) { throw new IllegalStateException(e.getCause()); }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int timeouts = 0;
        int crashes = 0;
        int agree = 0;
        var disagreements = new ArrayList<String>();
        for (int i = 0; i < work.size(); i++) {
            var v = outcomes[i];
            if (v.failure().orElse(null) instanceof Failure.Timeout) timeouts++;
            if (v.failure().orElse(null) instanceof Failure.RewardError) crashes++;
            if (v.isTrue() == work.get(i).expected()) agree++;
            else if (disagreements.size() < 40) disagreements.add(work.get(i) + " -> " + v.outcome() + v.failure().map(f -> " " + f.detail()).orElse(""));
        }
        var sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Result(work.size(), threads, work.size() / seconds, percentile(sorted, 0.50) / 1e3,
            percentile(sorted, 0.99) / 1e3, timeouts, crashes, work.isEmpty() ? 1 : (double) agree / work.size(), disagreements);
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
