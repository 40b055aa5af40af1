package ai.lyceum.ares.ingest;

import ai.lyceum.ares.annotate.StatsAnnotator;
import ai.lyceum.ares.annotate.SuccessAnnotator;
import ai.lyceum.ares.model.Annotation;
import ai.lyceum.ares.model.NumericTrajectory;
import ai.lyceum.ares.model.Rollout;
import ai.lyceum.ares.model.TrajectoryData;
import ai.lyceum.ares.search.FeatureStats;
import ai.lyceum.ares.search.Resampler;
import ai.lyceum.ares.store.RolloutWriter;
import ai.lyceum.ares.store.TrajectoryVector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one episode's numbers into what the store keeps: the trajectory columns, the model-free annotations
 * (statistics, success) and the resampled trajectory vectors, and folds the vectors into the group's statistics.
 */
final class EpisodeAssembler {
    private final Map<String, FeatureStats> stats = new HashMap<>();

    static TrajectoryData trajectory(NumericTrajectory t) {
        var rewards = t.rewards().map(NumericTrajectory::json);
        Optional<Integer> isTerminal = t.lastDone().filter(d -> d).map(d -> t.length() - 1);
        return new TrajectoryData(NumericTrajectory.json(t.actions(), t.length(), t.actionDim()),
                t.stateDim() > 0 ? Optional.of(NumericTrajectory.json(t.states(), t.length(), t.stateDim())) : Optional.empty(),
                rewards, Optional.of(0), Optional.of(t.length() - 1), isTerminal, SuccessAnnotator.rewardStep(t),
                t.actionDim() > 0 ? Optional.of(t.actionDim()) : Optional.empty(),
                t.stateDim() > 0 ? Optional.of(t.stateDim()) : Optional.empty(), t.fps() > 0 ? Optional.of(t.fps()) : Optional.empty(),
                Optional.empty());
    }

    void write(RolloutWriter writer, Rollout rollout, NumericTrajectory t, String groupKey) {
        var now = rollout.ingestionTime();
        var annotations = new ArrayList<Annotation>();
        annotations.add(StatsAnnotator.annotate(t, now));
        SuccessAnnotator.annotate(t, now).ifPresent(annotations::add);
        var vectors = new ArrayList<TrajectoryVector>(2);
        if (t.length() > 0) {
            if (t.stateDim() > 0) vectors.add(vector("states", groupKey, t.states(), t.length(), t.stateDim()));
            if (t.actionDim() > 0) vectors.add(vector("actions", groupKey, t.actions(), t.length(), t.actionDim()));
        }
        writer.add(rollout, annotations, vectors);
    }

    private TrajectoryVector vector(String kind, String groupKey, float[] values, int length, int dim) {
        var resampled = Resampler.resample(values, length, dim, Resampler.STEPS);
        stats.computeIfAbsent(groupKey + "\u0000" + kind, k -> new FeatureStats(dim)).addSteps(resampled);
        return new TrajectoryVector(kind, groupKey, dim, resampled);
    }

    /** The statistics this ingestion accumulated, keyed (group, kind). */
    List<Map.Entry<String[], FeatureStats>> statistics() {
        var out = new ArrayList<Map.Entry<String[], FeatureStats>>();
        stats.forEach((k, v) -> out.add(Map.entry(k.split("\u0000"), v)));
        return out;
    }

    static Instant now() { return Instant.now(); }
}
