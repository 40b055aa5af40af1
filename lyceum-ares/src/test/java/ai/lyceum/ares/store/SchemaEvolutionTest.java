package ai.lyceum.ares.store;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.ares.model.Annotation;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaEvolutionTest {
    @TempDir
    Path dir;

    @Test
    void opensAStoreWrittenBeforeColumnsWereAddedAndKeepsItsRows() throws Exception {
        var id = UUID.randomUUID();
        // An "old" store: the rollout table knows only three columns, and a column from some newer version.
        try (var db = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(AresStore.FILE_NAME));
             var s = db.createStatement()) {
            s.execute("CREATE TABLE rollout (id TEXT NOT NULL, path TEXT, dataset_name TEXT, length BIGINT, future_column TEXT)");
            s.execute("INSERT INTO rollout VALUES ('" + id + "', 'episode_000001', 'old', 12, 'kept')");
        }
        try (var store = AresStore.open(dir)) {
            var rollout = store.rollout(id).orElseThrow();
            assertThat(rollout.length()).isEqualTo(12);
            assertThat(rollout.robot().colorEstimate()).isEmpty();
            store.annotate(id, new Annotation("vlm", Optional.of("m"), "extractor-1", Instant.now(),
                    Map.of("robot_color_estimate", "white")));
            assertThat(store.rollout(id).orElseThrow().robot().colorEstimate()).contains("white");
            assertThat(store.annotations(id)).singleElement().satisfies(a -> assertThat(a.model()).contains("m"));
            // A writer built now still fills rows of a table with a column it does not know.
            try (var w = store.writer()) {
                assertThat(w).isNotNull();
            }
        }
        try (var db = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(AresStore.FILE_NAME));
             var s = db.createStatement(); var rs = s.executeQuery("SELECT future_column FROM rollout")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("kept");
        }
    }
}
