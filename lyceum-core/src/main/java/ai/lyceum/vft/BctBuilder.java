package ai.lyceum.vft;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the BCT baseline's mixture (Chua et al. 2024): every cued prompt paired with the uncued reasoning y_u,
 * which trains the model to ignore cues. A y_u that contains cue text (the model wrote what only the cue
 * shows) would teach the opposite, so it is dropped and counted: BCT targets never contain cue text.
 */
public final class BctBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(BctBuilder.class);

    private BctBuilder() {}

    public static VftBuilder.Result build(List<BaseSample> samples) {
        var records = new ArrayList<VftRecord>();
        var counts = new TreeMap<String, Long>();
        for (var s : samples) {
            var leaked = s.cue().cueTexts(s.item(), s.cuedOption()).stream().filter(t -> s.uncuedResponse().contains(t)).findFirst();
            if (leaked.isPresent()) {
                counts.merge("dropped:target_contains_cue_text", 1L, Long::sum);
                continue;
            }
            counts.merge(VftCase.BCT.id(), 1L, Long::sum);
            records.add(new VftRecord(s.item().id(), s.cuedPrompt(), s.uncuedResponse(), VftCase.BCT, s.cue().id(), s.cuedOption(),
                    Optional.empty(), Optional.empty()));
        }
        LOG.info("BCT data: {} records from {} samples; counts {}", records.size(), samples.size(), counts);
        return new VftBuilder.Result(records, Map.copyOf(counts));
    }
}
