package ai.lyceum.bench.researchrubrics;

import ai.lyceum.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A generated task set in the exact schema of {@code processed_data.jsonl} (the real file is published only where
 * this machine cannot reach), with a report per task and the verdict every criterion deserves, for tests and
 * {@code lyceum bench researchrubrics}. Never a stand-in for the benchmark's numbers.
 *
 * <p>Task {@code t} has {@code 20 + t % 13} criteria (mean ≈ 26 over 101 tasks). Criterion {@code j} reads
 * "The response … point P{j} of task {t}."; every sixth ({@code j % 6 == 5}) is a penalty item of weight
 * {@code -(1 + j % 5)}, the others weigh {@code 1 + j % 5}; criterion {@code j} has axis
 * {@code (j + j / 6) % 6} of the six. The report states each
 * point's fate on a line {@code P{j}: full|part|none}, which is what a judge (the stub) reads. Two tasks are
 * special: in task 0 every positive item is "none" and every penalty "full" (a score below 0); in task 1 every
 * Communication Quality item is a penalty (that axis has no score there).
 */
public final class RrSynthetic {
    public static final List<String> AXES = List.of("Explicit Criteria", "Implicit Criteria", "Synthesis of Information",
            "Communication Quality", "Instruction Following", "References & Citation Quality");
    static final List<String> DOMAINS = List.of("AI & ML", "Business", "Technical", "Consumer", "Historical Analysis",
            "Creative", "Current Events", "STEM", "Hypotheticals & Philosophy");
    static final List<String> BREADTH = List.of("Simple", "Moderate", "Complex");
    static final List<String> NESTING = List.of("Shallow", "Intermediate", "Deep");
    static final List<String> EXPLORATION = List.of("Low", "Medium", "High");
    /** Item states: 0 full (Satisfied), 1 part (Partially Satisfied), 2 none (Not Satisfied). */
    public static final List<String> STATES = List.of("full", "part", "none");

    private static final ObjectMapper JSON = Json.newMapper();

    /** @param states per task, per criterion: 0 full, 1 part, 2 none */
    public record Data(List<String> sampleIds, List<double[]> weights, List<String[]> axes, List<int[]> states) {}

    private RrSynthetic() {}

    public static String sampleId(int t) { return HexFormat.of().toHexDigits(0x6847465900000000L + t) + "a605355a"; }

    public static int criteria(int t) { return 20 + t % 13; }

    public static double weight(int j) { return j % 6 == 5 ? -(1 + j % 5) : 1 + j % 5; }

    public static String axis(int t, int j) {
        if (t == 1 && j % 6 == 5) return "Communication Quality";
        var a = AXES.get((j + j / 6) % 6); // shifts each round of six, so penalties fall on every axis
        if (t == 1 && a.equals("Communication Quality")) return "Explicit Criteria";
        return a;
    }

    /**
     * Writes {@code processed_data.jsonl} and {@code reports/<sample_id>.md} under {@code dir}.
     *
     * @param fillerChars roughly how much prose each report carries besides its point lines
     */
    public static Data write(Path dir, int tasks, long seed, int fillerChars) throws IOException {
        Files.createDirectories(dir.resolve("reports"));
        var random = new SplittableRandom(seed);
        var ids = new java.util.ArrayList<String>();
        var allWeights = new java.util.ArrayList<double[]>();
        var allAxes = new java.util.ArrayList<String[]>();
        var allStates = new java.util.ArrayList<int[]>();
        try (var out = Files.newBufferedWriter(dir.resolve("processed_data.jsonl"), StandardCharsets.UTF_8)) {
            for (int t = 0; t < tasks; t++) {
                int n = criteria(t);
                var id = sampleId(t);
                var row = JSON.createObjectNode();
                row.put("prompt", "Write a research report on topic " + t + " for a general audience, with sources.");
                row.put("sample_id", id).put("domain", DOMAINS.get(t % DOMAINS.size()))
                        .put("conceptual_breadth", BREADTH.get(t % 3)).put("logical_nesting", NESTING.get((t / 3) % 3))
                        .put("exploration", EXPLORATION.get((t / 9) % 3));
                var rubrics = row.putArray("rubrics");
                var weights = new double[n];
                var axes = new String[n];
                var states = new int[n];
                var report = new StringBuilder("# Report on topic ").append(t).append("\n\n");
                for (int j = 0; j < n; j++) {
                    weights[j] = weight(j);
                    axes[j] = axis(t, j);
                    states[j] = t == 0 ? (weights[j] > 0 ? 2 : 0) : random.nextInt(3);
                    var text = weights[j] > 0 ? "The response covers point P" + j + " of task " + t + "."
                            : "The response makes the unsupported claim P" + j + " of task " + t + ".";
                    rubrics.addObject().put("criterion", text).put("weight", weights[j]).put("axis", axes[j]);
                    report.append("P").append(j).append(": ").append(STATES.get(states[j])).append("\n\n");
                }
                while (report.length() < fillerChars) {
                    report.append("This paragraph discusses background material for topic ").append(t)
                            .append(" at some length, citing sources and weighing the evidence before moving on.\n\n");
                }
                out.write(JSON.writeValueAsString(row));
                out.write('\n');
                Files.writeString(dir.resolve("reports").resolve(id + ".md"), report, StandardCharsets.UTF_8);
                ids.add(id);
                allWeights.add(weights);
                allAxes.add(axes);
                allStates.add(states);
            }
        }
        return new Data(ids, allWeights, allAxes, allStates);
    }

    /**
     * The stub judge: reads the criterion (the last {@code **Title**:} line, after the document) and answers with
     * the state the document gives its point, in the official reply format. "part" is "Partially Satisfied" only
     * when the prompt offers that verdict (ternary), else "Not Satisfied".
     */
    public static String judgeReply(String prompt) {
        int title = prompt.lastIndexOf("**Title**: ");
        if (title < 0) return "no criterion";
        int p = prompt.indexOf(" P", title);
        int end = prompt.indexOf(' ', p + 2);
        var point = prompt.substring(p + 1, end);
        int at = prompt.indexOf("\n" + point + ": ");
        if (at < 0 || at > title) return "{\"verdict\": \"Not Satisfied\", \"score\": 0.0, \"confidence\": 0.9, \"reasoning\": \"absent\", \"evidence_quotes\": []}";
        char state = prompt.charAt(at + point.length() + 3);
        boolean ternary = prompt.contains("[Not Satisfied/Partially Satisfied/Satisfied]");
        var verdict = state == 'f' ? "Satisfied" : state == 'p' && ternary ? "Partially Satisfied" : "Not Satisfied";
        var quote = prompt.substring(at + 1, prompt.indexOf('\n', at + 1));
        return "{\"verdict\": \"" + verdict + "\", \"score\": " + (verdict.equals("Satisfied") ? "1.0" : "0.0")
                + ", \"confidence\": 0.9, \"reasoning\": \"The document states " + quote + ".\", \"evidence_quotes\": [\""
                + quote + "\"], \"missing_elements\": []}";
    }
}
