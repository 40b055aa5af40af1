package ai.lyceum.policy;

import ai.lyceum.failure.FailureException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A policy sampling with the caller's settings in place of the environment's: a trainer's temperature and its
 * need for token ids, or an evaluation's {@code --temperature 0}. Absent values keep what the environment asked.
 */
public record SamplingOverride(Policy policy, Optional<Double> temperature, Optional<Double> topP,
        OptionalInt maxTokens, boolean wantTokens) implements Policy {
    public SamplingOverride {
        Objects.requireNonNull(policy, "policy");
        // Validate once, here, rather than on every request.
        new Sampling(temperature, topP, maxTokens, java.util.List.of(), java.util.OptionalLong.empty(), wantTokens);
    }

    @Override
    public String describe() { return policy.describe(); }

    @Override
    public Completion generate(GenerationRequest request) throws FailureException, InterruptedException {
        var s = request.sampling();
        var sampling = new Sampling(temperature.or(s::temperature), topP.or(s::topP),
                maxTokens.isPresent() ? maxTokens : s.maxTokens(), s.stop(), s.seed(), wantTokens || s.wantTokens());
        return policy.generate(new GenerationRequest(request.task(), request.messages(), sampling));
    }

    @Override
    public Map<String, Long> counters() { return policy.counters(); }
}
