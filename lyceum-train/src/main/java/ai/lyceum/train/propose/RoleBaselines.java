package ai.lyceum.train.propose;

import ai.lyceum.train.rl.Advantages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * AZR's Task-Relative REINFORCE++ baselines: each reward is normalised against the batch's other rewards of the same
 * (task type, role), so a proposer is compared with proposers of its task type and never with solvers.
 */
public final class RoleBaselines {
    /** One reward to normalise. */
    public record Entry(String taskType, String role, double reward) {}

    private RoleBaselines() {}

    /** {@code (r − mean) / (std + ε)} within each (task type, role) of the batch; a lone entry gets 0. */
    public static double[] advantages(List<Entry> batch, boolean scaleByStd) {
        var byKey = new LinkedHashMap<List<String>, List<Integer>>();
        for (int i = 0; i < batch.size(); i++) {
            byKey.computeIfAbsent(List.of(batch.get(i).taskType(), batch.get(i).role()), k -> new ArrayList<>()).add(i);
        }
        double[] out = new double[batch.size()];
        for (var rows : byKey.values()) {
            double[] rewards = rows.stream().mapToDouble(i -> batch.get(i).reward()).toArray();
            double[] a = rows.size() == 1 ? new double[1] : Advantages.group(rewards, scaleByStd);
            for (int j = 0; j < rows.size(); j++) out[rows.get(j)] = a[j];
        }
        return out;
    }
}
