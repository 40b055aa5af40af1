package ai.lyceum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.ares.Ares;
import ai.lyceum.ares.synth.SyntheticLeRobot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13's polish list: what a user reads in --help and in the ARES commands' output. */
class HelpAndPolishTest {
    @TempDir
    Path tmp;

    @Test
    void commandSummariesAreWholeSentencesAndHelpHasExamples() {
        var help = EvalCommandTest.run("--help").stdout();
        assertThat(help).contains("Evaluate a policy on an environment, recording every rollout as it finishes.",
                "view", "Browse eval and train runs in a local web page.", "Examples:");
        // the demo's summary runs over the first line: it must still end its sentence
        var demo = help.substring(help.indexOf("  demo"), help.indexOf("  view"));
        assertThat(demo.strip()).endsWith(".");
        assertThat(EvalCommandTest.run("eval", "--help").stdout()).contains("Examples:", "--temperature", "--max-failure-rate");
        var query = EvalCommandTest.run("ares", "query", "--help").stdout();
        assertThat(query).contains("default: 20", "0 = all", "Example:");
        assertThat(EvalCommandTest.run("ares", "serve", "--help").stdout()).contains("default: 8080");
        assertThat(EvalCommandTest.run("ares", "similar", "--help").stdout()).contains("default: 10");
    }

    @Test
    void evalsUnknownEnvironmentErrorListsEveryEnvironment() {
        var r = EvalCommandTest.run("eval", "--env", "nope", "--policy", "gold", "--out", tmp.resolve("r").toString());
        assertThat(r.stderr()).contains("unknown environment 'nope'", "gsm8k", "cipher", "countdown", "rubric-writing", "rubric:FILE");
    }

    @Test
    void aresQuerySaysHowManyMatchedAndStatsPrintsATable() throws Exception {
        var data = tmp.resolve("synth");
        new SyntheticLeRobot(25, 2, 100_000, false).write(data);
        var store = tmp.resolve("store").toString();
        Ares.ingest(Ares.Format.LEROBOT, data, store);
        var limited = EvalCommandTest.run("ares", "query", "--store", store, "--limit", "3");
        assertThat(limited.stdout().strip().lines()).hasSize(3);
        assertThat(limited.stderr()).contains("3 of 25 matching episodes shown (--limit 0 shows all)");
        var all = EvalCommandTest.run("ares", "query", "--store", store, "--limit", "0");
        assertThat(all.stdout().strip().lines()).hasSize(25);
        var stats = EvalCommandTest.run("ares", "stats", "--store", store).stdout();
        assertThat(stats).contains("25 episodes", "dataset", "episodes", "frames").doesNotContain("DatasetCounts[");
    }
}
