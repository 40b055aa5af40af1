package ai.lyceum.serve;

import ai.lyceum.failure.Failure;

/** A typed failure on the wire: the short stable type reports count, and a detail a person reads. */
public record FailureBody(String type, String detail) {
    public static FailureBody of(Failure failure) { return new FailureBody(failure.type(), failure.detail()); }
}
