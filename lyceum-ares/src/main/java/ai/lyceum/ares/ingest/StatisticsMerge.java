package ai.lyceum.ares.ingest;

import ai.lyceum.ares.search.FeatureStats;
import ai.lyceum.ares.store.EmbeddingTables;

/** Folds an ingestion's trajectory statistics into those already stored for each (group, kind). */
final class StatisticsMerge {
    private StatisticsMerge() {}

    static void merge(EmbeddingTables tables, EpisodeAssembler assembler) {
        var stored = tables.moments();
        for (var e : assembler.statistics()) {
            var group = e.getKey()[0];
            var kind = e.getKey()[1];
            var total = new FeatureStats(e.getValue().features());
            stored.stream().filter(m -> m.groupKey().equals(group) && m.kind().equals(kind)
                    && m.mean().length == total.features()).findFirst().ifPresent(m -> total.merge(FeatureStats.of(m)));
            total.merge(e.getValue());
            tables.putMoments(total.moments(group, kind));
        }
    }
}
