package ai.lyceum.bench.swebench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.bench.swebench.parse.TestResult;
import ai.lyceum.bench.swebench.parse.TestStatus;
import ai.lyceum.dataset.DatasetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstancesAndGradingTest {
    @TempDir
    Path tmp;

    @Test
    void listLiteralsAreReadLeniently() {
        assertThat(ListLiteral.parse("['a', \"b\\\"c\", 'it\\'s',]")).containsExactly("a", "b\"c", "it's");
        assertThat(ListLiteral.parse("[\"x[1, 2]\", \"é\"]")).containsExactly("x[1, 2]", "é");
        assertThat(ListLiteral.parse("")).isEmpty();
        assertThat(ListLiteral.parse("[]")).isEmpty();
        assertThatThrownBy(() -> ListLiteral.parse("['a', 'b")).hasMessageContaining("unterminated");
    }

    @Test
    void loadsTheSharedRunScriptsIndex() throws Exception {
        var all = SweProInstances.load(SharedData.sweBenchPro().resolve("instances_from_run_scripts.jsonl.gz"));
        assertThat(all).hasSize(1000);
        var flipt = all.get("instance_flipt-io__flipt-02e21636c58e86c51119b63e0fb5ca7b813b07b1");
        assertThat(flipt.failToPass()).containsExactly("TestTLSInsecure", "TestTLSCABundle", "TestJSONSchema", "TestLoad");
        assertThat(flipt.passToPass()).isEmpty();
        assertThat(flipt.selectedTests()).contains("TestLogEncoding");
        assertThat(flipt.envSha()).isEmpty();
        assertThat(flipt.solutionSha()).isEqualTo("02e21636c58e86c51119b63e0fb5ca7b813b07b1");
    }

    @Test
    void loadsThePublishedFormatAndNamesBadRowsByLine() throws Exception {
        var sha = "c".repeat(40);
        var good = "{\"instance_id\":\"instance_NodeBB__NodeBB-" + sha + "-vnan\",\"repo\":\"NodeBB/NodeBB\",\"base_commit\":\"" + "d".repeat(40)
                + "\",\"patch\":\"diff\",\"test_patch\":\"\",\"problem_statement\":\"P\",\"requirements\":\"R\",\"interface\":\"I\","
                + "\"repo_language\":\"js\",\"issue_specificity\":\"['x']\",\"issue_categories\":\"['y']\","
                + "\"fail_to_pass\":\"['test/user.js | User should work']\",\"pass_to_pass\":\"[]\","
                + "\"before_repo_set_cmd\":\"git reset --hard x\\ngit checkout " + sha + " -- test/user.js\","
                + "\"selected_test_files_to_run\":\"['test/user.js']\",\"dockerhub_tag\":\"\"}";
        var file = tmp.resolve("test.jsonl");
        Files.writeString(file, good + "\n");
        var instance = SweProInstances.load(file).values().iterator().next();
        assertThat(instance.failToPass()).containsExactly("test/user.js | User should work");
        assertThat(instance.goldTestCheckoutCmd()).isEqualTo("git checkout " + sha + " -- test/user.js");
        assertThat(instance.prompt()).isEqualTo("P\n\nRequirements:\nR\n\nNew interfaces introduced:\nI");
        assertThat(instance.imageRef()).isEqualTo("jefzda/sweap-images:nodebb.nodebb-NodeBB__NodeBB-" + sha);
        Files.writeString(file, good + "\n" + good.replace("\"['test/user.js | User should work']\"", "\"['oops\"") + "\n");
        assertThatThrownBy(() -> SweProInstances.load(file)).isInstanceOf(DatasetException.class).hasMessageContaining("test.jsonl:2");
        Files.writeString(file, good.replace("instance_NodeBB", "NodeBB") + "\n");
        assertThatThrownBy(() -> SweProInstances.load(file)).hasMessageContaining("test.jsonl:1").hasMessageContaining("instance_id");
    }

    @Test
    void strictNeedsEveryNamePassedLenientForgivesSkippedPassToPass() {
        var grading = new Grading(false);
        var tests = List.of(new TestResult("f", TestStatus.PASSED), new TestResult("p", TestStatus.SKIPPED),
                new TestResult("q[truncat", TestStatus.PASSED));
        var v = grading.grade("i", List.of("f"), List.of("p"), new Grading.Outcome.Parsed(tests));
        assertThat(v.status()).isEqualTo(Grading.Status.UNRESOLVED);
        assertThat(v.missing()).containsExactly("p");
        assertThat(v.lenient()).isEqualTo(Grading.Lenient.RESOLVED_FULL);
        assertThat(grading.grade("i", List.of("f"), List.of(), new Grading.Outcome.Parsed(tests)).resolved()).isTrue();
        assertThat(grading.grade("i", List.of("f "), List.of(), new Grading.Outcome.Parsed(tests)).resolved()).isFalse();
        assertThat(new Grading(true).grade("i", List.of("f "), List.of(), new Grading.Outcome.Parsed(tests)).resolved()).isTrue();
        assertThat(grading.grade("i", List.of("f"), List.of(), new Grading.Outcome.NoOutput()).status()).isEqualTo(Grading.Status.MISSING_OUTPUT);
    }

    @Test
    void reaggregatesThePublishedResults() throws Exception {
        var dir = SharedData.sweBenchPro();
        var publicIds = new java.util.HashSet<String>();
        for (var row : ai.lyceum.dataset.DatasetReader.read(dir.resolve("instances_from_run_scripts.jsonl.gz"))) {
            if (row.fields().get("has_instance_dockerfile").asBoolean()) publicIds.add(row.text("instance_id"));
        }
        assertThat(publicIds).hasSize(731);
        var sonnet45 = ResultsReport.summarize("s", ResultsReport.read(dir.resolve("eval_results_claude-45sonnet-10132025.json")), publicIds);
        assertThat(sonnet45.evaluated()).isEqualTo(730);
        assertThat(sonnet45.resolved()).isEqualTo(319);
        assertThat(sonnet45.overEvaluated().percent()).isCloseTo(43.70, org.assertj.core.data.Offset.offset(0.005));
        var sonnet4 = ResultsReport.summarize("s4", ResultsReport.read(dir.resolve("eval_results_claude-4sonnet-10132025.json")), publicIds);
        assertThat(sonnet4.overEvaluated().percent()).isCloseTo(42.70, org.assertj.core.data.Offset.offset(0.005));
        assertThat(sonnet4.overPublic().percent()).isCloseTo(32.83, org.assertj.core.data.Offset.offset(0.005));
        var kimi = ResultsReport.summarize("k", ResultsReport.read(dir.resolve("eval_results_kimi-k2-instruct-10132025.json")), publicIds);
        assertThat(kimi.overLeaderboard().percent()).isCloseTo(27.67, org.assertj.core.data.Offset.offset(0.005));
        assertThat(sonnet45.byLanguage()).containsKeys("go", "js", "python");
    }
}
