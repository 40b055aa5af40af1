package ai.lyceum.ares.annotate;

import ai.lyceum.ares.model.Rollout;
import ai.lyceum.ares.store.AresStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Frames of LeRobot episodes read from the dataset the store ingested them from: the first {@code image} feature
 * (encoded PNG/JPEG in the Parquet rows, or a file beside them), passed on undecoded. Video features need a decoder
 * this module does not ship, so a video-only dataset is {@link NotApplicable}, as is any episode that is not from
 * LeRobot. One in-memory DuckDB reads the Parquet files; calls are serialised on it (the model call dominates).
 */
public final class LeRobotFrames implements FrameSource {
    public static final String NO_FRAMES = "no_frames";
    public static final String VIDEO_NOT_DECODED = "video_not_decoded";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AresStore store;
    private final Connection duck;

    public LeRobotFrames(AresStore store) throws IOException {
        this.store = store;
        try {
            this.duck = DriverManager.getConnection("jdbc:duckdb:");
            try (var s = duck.createStatement()) {
                s.execute("SET threads = 1");
            }
        } catch (SQLException e) {
            throw new IOException("cannot start DuckDB to read frames: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Frame> frames(Rollout rollout, List<Integer> indices) throws NotApplicable, IOException {
        if (!rollout.source().equals("lerobot") || rollout.episodeIndex().isEmpty()) {
            throw new NotApplicable(NO_FRAMES, rollout.path() + " is a " + rollout.source() + " episode: it has no camera frames");
        }
        var dataset = store.dataset(rollout.datasetName())
                .orElseThrow(() -> new IOException("dataset " + rollout.datasetName() + " is not recorded in the store"));
        var features = JSON.readTree(dataset.infoJson()).path("features");
        Optional<String> image = Optional.empty();
        boolean video = false;
        for (var it = features.fieldNames(); it.hasNext(); ) {
            var name = it.next();
            var dtype = features.path(name).path("dtype").asText();
            if (dtype.equals("image") && image.isEmpty()) image = Optional.of(name);
            video |= dtype.equals("video");
        }
        if (image.isEmpty()) {
            throw video ? new NotApplicable(VIDEO_NOT_DECODED, rollout.datasetName() + " stores its frames as video, which ARES does not decode")
                    : new NotApplicable(NO_FRAMES, rollout.datasetName() + " has no image or video feature");
        }
        if (indices.isEmpty()) return List.of();
        var root = Path.of(dataset.root());
        if (!Files.isDirectory(root.resolve("data"))) throw new IOException(root + "/data is gone: the dataset moved since ingestion");
        var column = "\"" + image.get().replace("\"", "\"\"") + "\"";
        var wanted = indices.stream().map(String::valueOf).collect(Collectors.joining(", "));
        var sql = "SELECT frame_index, struct_extract(" + column + ", 'bytes'), struct_extract(" + column + ", 'path')"
                + " FROM read_parquet('" + root.resolve("data").toAbsolutePath().toString().replace("'", "''") + "/**/*.parquet')"
                + " WHERE episode_index = ? AND frame_index IN (" + wanted + ") ORDER BY frame_index";
        var out = new ArrayList<Frame>();
        try (var ps = duck.prepareStatement(sql)) {
            ps.setLong(1, rollout.episodeIndex().get());
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    var bytes = rs.getBytes(2);
                    if ((bytes == null || bytes.length == 0) && rs.getString(3) != null) {
                        var file = root.resolve(rs.getString(3)).normalize();
                        if (file.startsWith(root) && Files.isRegularFile(file)) bytes = Files.readAllBytes(file);
                    }
                    if (bytes == null || bytes.length == 0) continue;
                    var type = Frame.sniff(bytes);
                    if (type.isPresent()) out.add(new Frame(rs.getInt(1), type.get(), bytes));
                }
            }
        } catch (SQLException e) {
            throw new IOException("cannot read frames of " + rollout.path() + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        try {
            duck.close();
        } catch (SQLException ignored) {
            // an in-memory database: nothing to lose
        }
    }
}
