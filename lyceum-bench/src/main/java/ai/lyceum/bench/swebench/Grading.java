package ai.lyceum.bench.swebench;

import ai.lyceum.bench.swebench.parse.TestResult;
import ai.lyceum.bench.swebench.parse.TestStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolution rules (spec §5). Strict is the official rule: resolved iff every fail-to-pass and pass-to-pass name
 * has status PASSED, by exact string equality; no output means unresolved. Lenient is original SWE-bench's:
 * a skipped pass-to-pass test still counts as maintained, a missing truncated parametrised id is matched by
 * prefix, and a partial fail-to-pass success is {@code RESOLVED_PARTIAL}.
 */
public final class Grading {
    /** Why an instance has the verdict it has; everything but RESOLVED is unresolved. */
    public enum Status { RESOLVED, UNRESOLVED, PARSER_CRASH, MISSING_OUTPUT, INFRA_ERROR }

    public enum Lenient { RESOLVED_FULL, RESOLVED_PARTIAL, RESOLVED_NO }

    /**
     * @param missing expected names with no PASSED entry (strict), in F2P then P2P order
     * @param detail  the parser crash or infrastructure error, when there is one
     */
    public record Verdict(String instanceId, Status status, Lenient lenient, int failToPassPassed, int failToPassTotal,
                          int passToPassPassed, int passToPassTotal, List<String> missing, Optional<String> detail) {
        public boolean resolved() { return status == Status.RESOLVED; }
    }

    /** What the run produced: the parsed tests, or why there are none. */
    public sealed interface Outcome {
        record Parsed(List<TestResult> tests) implements Outcome {}

        record ParserCrashed(String error) implements Outcome {}

        record NoOutput() implements Outcome {}

        record InfraError(String error) implements Outcome {}
    }

    private final boolean stripNames;

    /** @param stripNames compare names with surrounding whitespace removed (spec §6 quirk 10; off for parity) */
    public Grading(boolean stripNames) { this.stripNames = stripNames; }

    public Verdict grade(String instanceId, List<String> failToPass, List<String> passToPass, Outcome outcome) {
        int f2pTotal = failToPass.size(), p2pTotal = passToPass.size();
        return switch (outcome) {
            case Outcome.NoOutput n -> failed(instanceId, Status.MISSING_OUTPUT, failToPass, passToPass, Optional.empty());
            case Outcome.ParserCrashed c -> failed(instanceId, Status.PARSER_CRASH, failToPass, passToPass, Optional.of(c.error()));
            case Outcome.InfraError e -> failed(instanceId, Status.INFRA_ERROR, failToPass, passToPass, Optional.of(e.error()));
            case Outcome.Parsed p -> {
                // The official harness builds a set of PASSED names: a later FAILED entry for the same name does not undo it.
                var statuses = new LinkedHashMap<String, List<TestStatus>>();
                for (var t : p.tests()) statuses.computeIfAbsent(key(t.name()), k -> new ArrayList<>()).add(t.status());
                var missing = new ArrayList<String>();
                int f2p = 0, p2p = 0;
                for (var name : failToPass) {
                    if (passed(statuses, name)) f2p++;
                    else missing.add(name);
                }
                for (var name : passToPass) {
                    if (passed(statuses, name)) p2p++;
                    else missing.add(name);
                }
                var status = missing.isEmpty() ? Status.RESOLVED : Status.UNRESOLVED;
                yield new Verdict(instanceId, status, lenient(statuses, failToPass, passToPass), f2p, f2pTotal, p2p, p2pTotal,
                        List.copyOf(missing), Optional.empty());
            }
        };
    }

    private Verdict failed(String id, Status status, List<String> f2p, List<String> p2p, Optional<String> detail) {
        var missing = new ArrayList<>(f2p);
        missing.addAll(p2p);
        return new Verdict(id, status, Lenient.RESOLVED_NO, 0, f2p.size(), 0, p2p.size(), List.copyOf(missing), detail);
    }

    private String key(String name) { return stripNames ? name.strip() : name; }

    private boolean passed(Map<String, List<TestStatus>> statuses, String name) {
        var s = statuses.get(key(name));
        return s != null && s.contains(TestStatus.PASSED);
    }

    /** The last status reported for {@code name}, or, for a truncated parametrised id, for a name it prefixes. */
    private Optional<TestStatus> lenientStatus(Map<String, List<TestStatus>> statuses, String name) {
        var s = statuses.get(key(name));
        if (s != null) return Optional.of(s.getLast());
        if (!name.contains("[")) return Optional.empty();
        for (var e : statuses.entrySet()) {
            if (e.getKey().startsWith(key(name))) return Optional.of(e.getValue().getLast());
        }
        return Optional.empty();
    }

    private Lenient lenient(Map<String, List<TestStatus>> statuses, List<String> f2p, List<String> p2p) {
        int ok = 0;
        for (var name : f2p) {
            if (lenientStatus(statuses, name).filter(s -> s == TestStatus.PASSED).isPresent()) ok++;
        }
        for (var name : p2p) {
            var s = lenientStatus(statuses, name);
            if (s.isEmpty() || !(s.get() == TestStatus.PASSED || s.get() == TestStatus.SKIPPED)) return Lenient.RESOLVED_NO;
        }
        if (ok == f2p.size()) return Lenient.RESOLVED_FULL;
        return ok > 0 ? Lenient.RESOLVED_PARTIAL : Lenient.RESOLVED_NO;
    }
}
