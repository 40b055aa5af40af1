package ai.lyceum.policy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A test policy that records what it was asked and answers with {@code reply(request)}. */
public record RecordingPolicy(List<GenerationRequest> requests, Function<GenerationRequest, String> reply) implements Policy {
    public RecordingPolicy(Function<GenerationRequest, String> reply) { this(new CopyOnWriteArrayList<>(), reply); }

    @Override
    public String describe() { return "recording"; }

    @Override
    public Completion generate(GenerationRequest request) {
        requests.add(request);
        return Completion.ofText(reply.apply(request));
    }
}
