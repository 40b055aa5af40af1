package ai.lyceum.bench.swebench;

import java.time.Duration;
import java.util.Optional;

/**
 * What one evaluation run of a patch produced, from any backend.
 *
 * @param patchApplied  whether {@code git apply -v} succeeded (the official harness runs the tests either way)
 * @param outputJson    the parse in the official shape, empty when the parser crashed or nothing ran
 * @param verdict       the strict and lenient grades
 */
public record RunOutcome(String instanceId, boolean patchApplied, String stdout, String stderr, Optional<String> outputJson,
                         Grading.Verdict verdict, Duration wallTime) {}
