package ai.lyceum.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Object mappers for the hot paths that run on virtual threads (client, stub, run store, judges). Jackson's
 * default buffer recycler is thread-local, so every new virtual thread allocates fresh read and write buffers
 * (kilobytes per request, and a visible share of the rollout benchmark's CPU); these mappers recycle buffers
 * through one shared concurrent pool instead.
 */
public final class Json {
    private Json() {}

    public static ObjectMapper newMapper() {
        return new ObjectMapper(JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build());
    }
}
