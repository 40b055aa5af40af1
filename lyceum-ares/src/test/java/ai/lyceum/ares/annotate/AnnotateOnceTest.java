package ai.lyceum.ares.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.ares.Ares;
import ai.lyceum.ares.store.AresStore;
import ai.lyceum.ares.store.Filter;
import ai.lyceum.ares.synth.SyntheticLeRobot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest runs the stats annotator; running it again must not add a second identical row per episode. */
class AnnotateOnceTest {
    @TempDir
    Path dir;

    @Test
    void aDeterministicAnnotatorRunTwiceAddsNoDuplicate() throws Exception {
        var data = dir.resolve("synth");
        new SyntheticLeRobot(5, 2, 100_000, false).write(data);
        var store = dir.resolve("store").toString();
        Ares.ingest(Ares.Format.LEROBOT, data, store);
        var report = Ares.annotate(store, new StatsAnnotator(), "", 2);
        assertThat(report.annotated()).isZero();
        assertThat(report.skipped()).containsEntry("already_annotated", 5L);
        try (var s = AresStore.open(store)) {
            for (var id : s.ids(Filter.parse(""), 10)) {
                assertThat(s.annotations(id).stream().filter(a -> a.annotator().equals("stats"))).hasSize(1);
            }
        }
    }
}
