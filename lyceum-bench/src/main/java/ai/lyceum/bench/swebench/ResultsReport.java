package ai.lyceum.bench.swebench;

import ai.lyceum.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Re-aggregates {@code eval_results.json} files ({@code {instance_id: resolved}}) as spec §7 asks: resolved over
 * evaluated (the official "Overall accuracy"), over the 731 public tasks and over the leaderboard's 730, with 95%
 * normal intervals {@code 1.96·sqrt(p(1−p)/N)}, per repository and per language.
 */
public final class ResultsReport {
    public static final int PUBLIC_TASKS = 731;
    public static final int LEADERBOARD_TASKS = 730;

    /** Resolved over a denominator, with its interval half-width (both in percent). */
    public record Rate(int resolved, int of, double percent, double ci95) {
        static Rate of(int resolved, int n) {
            if (n == 0) return new Rate(resolved, 0, 0, 0);
            double p = (double) resolved / n;
            return new Rate(resolved, n, 100 * p, 100 * 1.96 * Math.sqrt(p * (1 - p) / n));
        }
    }

    /**
     * @param publicEvaluated how many evaluated ids are public tasks (when the public set is known, else -1)
     * @param byRepo          resolved / evaluated per repository
     */
    public record RunSummary(String file, int evaluated, int resolved, Rate overEvaluated, Rate overPublic,
                             Rate overLeaderboard, int publicEvaluated, int publicResolved,
                             Map<String, Rate> byRepo, Map<String, Rate> byLanguage) {}

    /** The language of each public repository (TypeScript repos are labelled js, as in the data set). */
    static final Map<String, String> LANGUAGE = Map.ofEntries(
            Map.entry("ansible/ansible", "python"), Map.entry("internetarchive/openlibrary", "python"),
            Map.entry("qutebrowser/qutebrowser", "python"), Map.entry("flipt-io/flipt", "go"),
            Map.entry("gravitational/teleport", "go"), Map.entry("future-architect/vuls", "go"),
            Map.entry("navidrome/navidrome", "go"), Map.entry("protonmail/webclients", "js"),
            Map.entry("element-hq/element-web", "js"), Map.entry("NodeBB/NodeBB", "js"), Map.entry("tutao/tutanota", "js"));

    private ResultsReport() {}

    /** Reads one {@code eval_results.json}; any value but a boolean is an error naming the file and id. */
    public static Map<String, Boolean> read(Path file) throws IOException {
        JsonNode root = Json.newMapper().readTree(file.toFile());
        if (root == null || !root.isObject()) throw new IOException(file + ": expected a JSON object {instance_id: bool}");
        var out = new LinkedHashMap<String, Boolean>();
        var it = root.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().isBoolean()) {
                throw new IOException(file + ": " + e.getKey() + ": expected true or false, found " + e.getValue());
            }
            out.put(e.getKey(), e.getValue().booleanValue());
        }
        return out;
    }

    /** @param publicIds the public task ids, or empty when unknown */
    public static RunSummary summarize(String name, Map<String, Boolean> results, Set<String> publicIds) {
        int resolved = (int) results.values().stream().filter(b -> b).count();
        int publicEvaluated = -1, publicResolved = -1;
        if (!publicIds.isEmpty()) {
            publicEvaluated = (int) results.keySet().stream().filter(publicIds::contains).count();
            publicResolved = (int) results.entrySet().stream().filter(e -> e.getValue() && publicIds.contains(e.getKey())).count();
        }
        Map<String, int[]> repo = new TreeMap<>();
        Map<String, int[]> language = new TreeMap<>();
        results.forEach((id, ok) -> {
            var r = repoOf(id);
            for (var bucket : List.of(repo.computeIfAbsent(r, k -> new int[2]),
                    language.computeIfAbsent(LANGUAGE.getOrDefault(r, "other"), k -> new int[2]))) {
                bucket[1]++;
                if (ok) bucket[0]++;
            }
        });
        var byRepo = new LinkedHashMap<String, Rate>();
        repo.forEach((k, v) -> byRepo.put(k, Rate.of(v[0], v[1])));
        var byLanguage = new LinkedHashMap<String, Rate>();
        language.forEach((k, v) -> byLanguage.put(k, Rate.of(v[0], v[1])));
        int publicNumerator = publicResolved >= 0 ? publicResolved : resolved;
        return new RunSummary(name, results.size(), resolved, Rate.of(resolved, results.size()),
                Rate.of(publicNumerator, PUBLIC_TASKS), Rate.of(publicNumerator, LEADERBOARD_TASKS),
                publicEvaluated, publicResolved, byRepo, byLanguage);
    }

    /** {@code owner/repo} from an instance id, with the owner's case as in the data set. */
    static String repoOf(String instanceId) {
        var m = SweProInstance.ID.matcher(instanceId);
        if (!m.matches()) return "unknown";
        var owner = m.group("owner");
        var repo = m.group("repo");
        for (var known : LANGUAGE.keySet()) {
            if (known.equalsIgnoreCase(owner + "/" + repo)) return known;
        }
        return owner + "/" + repo;
    }

    /** The plain-text table the CLI prints. */
    public static String table(List<RunSummary> runs) {
        var sb = new StringBuilder(String.format("%-46s %9s %8s %15s %15s %15s%n", "results", "evaluated", "resolved",
                "% of evaluated", "% of 731", "% of 730"));
        for (var r : runs) {
            sb.append(String.format("%-46s %9d %8d %8.2f ± %4.2f %8.2f ± %4.2f %8.2f ± %4.2f%n", r.file(), r.evaluated(),
                    r.resolved(), r.overEvaluated().percent(), r.overEvaluated().ci95(), r.overPublic().percent(),
                    r.overPublic().ci95(), r.overLeaderboard().percent(), r.overLeaderboard().ci95()));
            if (r.publicEvaluated() >= 0 && r.publicEvaluated() != r.evaluated()) {
                sb.append(String.format("  of which public tasks: %d evaluated, %d resolved%n", r.publicEvaluated(), r.publicResolved()));
            }
        }
        return sb.toString();
    }

    /** Per-repository and per-language breakdown of one run. */
    public static String breakdown(RunSummary r) {
        var sb = new StringBuilder(r.file()).append('\n');
        r.byLanguage().forEach((k, v) -> sb.append(String.format("  %-28s %4d / %-4d %6.2f%% ± %5.2f%n", k, v.resolved(), v.of(), v.percent(), v.ci95())));
        r.byRepo().forEach((k, v) -> sb.append(String.format("    %-26s %4d / %-4d %6.2f%% ± %5.2f%n", k, v.resolved(), v.of(), v.percent(), v.ci95())));
        return sb.toString();
    }
}
