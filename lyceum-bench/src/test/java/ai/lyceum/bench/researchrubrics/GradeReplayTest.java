package ai.lyceum.bench.researchrubrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.lyceum.json.Json;
import ai.lyceum.reward.rubric.Grading;
import ai.lyceum.reward.rubric.RrTask;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated 101-task set in the official schema, synthetic reports and stored verdicts, graded through the whole
 * run with the replay judge; every score is recomputed here from the files, with the arithmetic written out.
 */
class GradeReplayTest {
    static final ObjectMapper JSON = Json.newMapper();
    static final int MISSING = 7; // this task's report is deleted: all its items fail
    static final String[] NAMES = {"Satisfied", "Partially Satisfied", "Not Satisfied"};

    @TempDir
    static Path dir;
    static List<JsonNode> rows = new ArrayList<>();
    static Map<String, String[]> verdicts = new HashMap<>();
    static List<RrTask> tasks;

    @BeforeAll
    static void generate() throws Exception {
        var data = RrSynthetic.write(dir, 101, 42, 0);
        Files.delete(dir.resolve("reports").resolve(RrSynthetic.sampleId(MISSING) + ".md"));
        for (var line : Files.readAllLines(dir.resolve("processed_data.jsonl"))) rows.add(JSON.readTree(line));
        try (var out = Files.newBufferedWriter(dir.resolve("stored.jsonl"))) {
            for (int t = 0; t < 101; t++) {
                var id = data.sampleIds().get(t);
                var states = data.states().get(t);
                var names = new String[states.length];
                for (int j = 0; j < states.length; j++) {
                    names[j] = NAMES[states[j]];
                    // What a graded run wrote: the missing report's items as failures, the others' verdicts.
                    out.write(t == MISSING
                            ? "{\"sample_id\": \"" + id + "\", \"criterion_index\": " + (j + 1) + ", \"verdict\": \"Error\", "
                                    + "\"success\": false, \"failure\": \"missing_report\", \"failure_detail\": \"no report\"}\n"
                            : "{\"sample_id\": \"" + id + "\", \"criterion_index\": " + (j + 1) + ", \"verdict\": \"" + names[j] + "\"}\n");
                }
                verdicts.put(id, names);
            }
        }
        tasks = RrTask.read(dir.resolve("processed_data.jsonl"));
    }

    static JsonNode grade(Grading grading, RrScores.OnFailure onFailure, String out) throws Exception {
        var reports = new HashMap<String, Report>();
        for (var t : tasks) reports.put(t.sampleId(), Report.find(dir.resolve("reports"), t.sampleId()));
        RrRun.grade(tasks, reports, StoredVerdicts.read(dir.resolve("stored.jsonl")), dir.resolve(out),
                new RrRun.Options(grading, onFailure, ChunkMode.FIXED, 1, Map.of()), null);
        return JSON.readTree(dir.resolve(out).resolve("summary.json").toFile());
    }

    /** Σ w·s / Σ_{w>0} w straight from processed_data.jsonl and the stored verdicts; null when undefined. */
    static Double expected(int t, Grading grading, RrScores.OnFailure onFailure, String axis) {
        var row = rows.get(t);
        double num = 0;
        double den = 0;
        int j = 0;
        for (var item : row.get("rubrics")) {
            var name = verdicts.get(row.get("sample_id").asText())[j++];
            if (axis != null && !item.get("axis").asText().equals(axis)) continue;
            double w = item.get("weight").asDouble();
            if (t == MISSING && onFailure == RrScores.OnFailure.EXCLUDE) continue;
            double s = t == MISSING ? 0 : name.equals("Satisfied") ? 1 : name.equals("Partially Satisfied") && grading == Grading.TERNARY ? 0.5 : 0;
            num += w * s;
            if (w > 0) den += w;
        }
        return den > 0 ? num / den : null;
    }

    @Test
    void everyReportScoresItsHandComputedCompliance() throws Exception {
        for (var grading : Grading.values()) {
            var summary = grade(grading, RrScores.OnFailure.ZERO, "run-" + grading);
            var perReport = summary.get("per_report");
            assertThat(perReport).hasSize(101);
            double sum = 0;
            for (int t = 0; t < 101; t++) {
                var r = perReport.get(t);
                assertThat(r.get("sample_id").asText()).isEqualTo(RrSynthetic.sampleId(t));
                assertThat(r.get("compliance").asDouble()).as("task %d under %s", t, grading)
                        .isCloseTo(expected(t, grading, RrScores.OnFailure.ZERO, null), within(1e-12));
                sum += r.get("compliance").asDouble();
                for (var axis : RrSynthetic.AXES) {
                    var e = expected(t, grading, RrScores.OnFailure.ZERO, axis);
                    var got = r.get("axes").get(axis);
                    if (e == null) assertThat(got == null || got.isNull()).as("task %d axis %s", t, axis).isTrue();
                    else assertThat(got.asDouble()).isCloseTo(e, within(1e-12));
                }
            }
            assertThat(summary.at("/compliance/mean").asDouble()).isCloseTo(sum / 101, within(1e-12));
            assertThat(summary.at("/compliance/n").asInt()).isEqualTo(101);
            assertThat(summary.at("/compliance/ci95_low").asDouble()).isLessThan(sum / 101);
            assertThat(summary.at("/compliance/ci95_high").asDouble()).isGreaterThan(sum / 101);
        }
    }

    @Test
    void aReportSatisfyingOnlyPenaltiesScoresBelowZero() throws Exception {
        var summary = grade(Grading.BINARY, RrScores.OnFailure.ZERO, "run-negative");
        // Task 0: 20 criteria; j = 5, 11, 17 are penalties of weight -1, -2, -3, all "Satisfied"; the 17 positive
        // weights 1 + j % 5 sum to 15 + 15 + 15 + 9 = 54 and none is satisfied: (-1 - 2 - 3) / 54 = -1/9.
        assertThat(summary.at("/per_report/0/compliance").asDouble()).isCloseTo(-1.0 / 9, within(1e-15));
    }

    @Test
    void anAxisWithOnlyPenaltiesHasNoScore() throws Exception {
        var summary = grade(Grading.TERNARY, RrScores.OnFailure.ZERO, "run-axis");
        // Task 1: every Communication Quality item is a penalty (j = 5, 11, 17), so that axis is undefined there.
        var axes = summary.at("/per_report/1/axes");
        assertThat(axes.has("Communication Quality")).isTrue();
        assertThat(axes.get("Communication Quality").isNull()).isTrue();
        assertThat(summary.at("/per_report/1/compliance").isNumber()).isTrue();
        // The benchmark's Communication Quality mean leaves task 1 out: 100 reports, not 101, and not a 0 among them.
        assertThat(summary.at("/per_axis/Communication Quality/n").asInt()).isEqualTo(100);
        double sum = 0;
        for (int t = 0; t < 101; t++) if (t != 1) sum += expected(t, Grading.TERNARY, RrScores.OnFailure.ZERO, "Communication Quality");
        assertThat(summary.at("/per_axis/Communication Quality/mean").asDouble()).isCloseTo(sum / 100, within(1e-12));
    }

    @Test
    void failedItemsScoreZeroByDefaultOrLeaveBothSums() throws Exception {
        int items = RrSynthetic.criteria(MISSING); // 20 + 7 % 13 = 27
        var zero = grade(Grading.BINARY, RrScores.OnFailure.ZERO, "run-zero");
        assertThat(zero.at("/per_report/" + MISSING + "/compliance").asDouble()).isEqualTo(0.0);
        assertThat(zero.at("/per_report/" + MISSING + "/failed_items").asInt()).isEqualTo(27);
        assertThat(zero.at("/items/failed").asInt()).isEqualTo(items);
        assertThat(zero.at("/items/failed_by_type/missing_report").asInt()).isEqualTo(27);

        var exclude = grade(Grading.BINARY, RrScores.OnFailure.EXCLUDE, "run-exclude");
        assertThat(exclude.at("/per_report/" + MISSING + "/compliance").isNull()).isTrue();
        assertThat(exclude.at("/compliance/n").asInt()).isEqualTo(100);
        assertThat(exclude.at("/reports/without_score").asInt()).isEqualTo(1);
        double sum = 0;
        for (int t = 0; t < 101; t++) if (t != MISSING) sum += expected(t, Grading.BINARY, RrScores.OnFailure.EXCLUDE, null);
        assertThat(exclude.at("/compliance/mean").asDouble()).isCloseTo(sum / 100, within(1e-12));
    }

    @Test
    void breakdownsAreMeansOfReportCompliance() throws Exception {
        var summary = grade(Grading.TERNARY, RrScores.OnFailure.ZERO, "run-breakdown");
        var byDomain = new TreeMap<String, List<Double>>();
        var byBreadth = new TreeMap<String, List<Double>>();
        for (int t = 0; t < 101; t++) {
            double c = expected(t, Grading.TERNARY, RrScores.OnFailure.ZERO, null);
            byDomain.computeIfAbsent(rows.get(t).get("domain").asText(), k -> new ArrayList<>()).add(c);
            byBreadth.computeIfAbsent(rows.get(t).get("conceptual_breadth").asText(), k -> new ArrayList<>()).add(c);
        }
        assertThat(byDomain).hasSize(9);
        byDomain.forEach((domain, xs) -> {
            assertThat(summary.at("/per_domain/" + domain.replace("~", "~0").replace("/", "~1") + "/n").asInt()).isEqualTo(xs.size());
            assertThat(summary.get("per_domain").get(domain).get("mean").asDouble())
                    .isCloseTo(xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), within(1e-12));
        });
        // Levels in the mapping table's order, not alphabetical: Simple, Moderate, Complex.
        var levels = new ArrayList<String>();
        summary.at("/per_complexity/conceptual_breadth").fieldNames().forEachRemaining(levels::add);
        assertThat(levels).containsExactly("Simple", "Moderate", "Complex");
        byBreadth.forEach((level, xs) -> assertThat(summary.at("/per_complexity/conceptual_breadth/" + level + "/mean").asDouble())
                .isCloseTo(xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), within(1e-12)));
        var nesting = new ArrayList<String>();
        summary.at("/per_complexity/logical_nesting").fieldNames().forEachRemaining(nesting::add);
        assertThat(nesting).containsExactly("Shallow", "Intermediate", "Deep");
    }

    @Test
    void replayReScoresARunUnderTheOtherGrading() throws Exception {
        grade(Grading.TERNARY, RrScores.OnFailure.ZERO, "run-first");
        // Re-score that run's own verdicts.jsonl under binary, with no model: partials now count 0.
        var first = dir.resolve("run-first");
        var reports = new HashMap<String, Report>();
        for (var t : tasks) reports.put(t.sampleId(), Report.find(dir.resolve("reports"), t.sampleId()));
        var again = RrRun.grade(tasks, reports, StoredVerdicts.read(first.resolve("verdicts.jsonl")), dir.resolve("run-binary"),
                new RrRun.Options(Grading.BINARY, RrScores.OnFailure.ZERO, ChunkMode.FIXED, 1, Map.of()), null);
        for (int t = 0; t < 101; t++) {
            if (t == MISSING) continue; // failed items stay failed on replay
            assertThat(again.summary().reports().get(t).compliance().orElseThrow())
                    .isCloseTo(expected(t, Grading.BINARY, RrScores.OnFailure.ZERO, null), within(1e-12));
        }
        assertThat(again.summary().failuresByType()).containsEntry("missing_report", 27);
        var lines = Files.readAllLines(dir.resolve("run-binary/verdicts.jsonl"));
        assertThat(lines).hasSize(tasks.stream().mapToInt(t -> t.rubrics().size()).sum());
        assertThat(Files.exists(dir.resolve("run-binary/report.md"))).isTrue();
        assertThat(Files.readString(dir.resolve("run-binary/report.md"))).contains("# ResearchRubrics", "## By axis", "| Communication Quality | ", "## Criteria that cost the most");
    }
}
