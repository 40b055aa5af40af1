package ai.lyceum.failure;

import java.time.Duration;

/**
 * Why a rollout, a policy call or a reward did not produce a result. A value, so that the run store can keep it
 * and reports can count each kind: no failure ever becomes a silent zero reward.
 *
 * <p>{@link #type()} is the short stable name used in run stores, {@code rollouts.jsonl} and summaries.
 */
public sealed interface Failure {
    String type();

    /** A human-readable detail; never contains secrets or whole model outputs. */
    String detail();

    /** The policy or judge did not answer within its deadline. */
    record Timeout(Duration limit) implements Failure {
        public String type() { return "timeout"; }
        public String detail() { return "no answer within " + limit.toMillis() + " ms"; }
    }

    /** The server answered with a non-success HTTP status (after any retries). */
    record HttpStatus(int status, String bodyExcerpt) implements Failure {
        public String type() { return "http_" + status; }
        public String detail() { return "HTTP " + status + (bodyExcerpt.isEmpty() ? "" : ": " + bodyExcerpt); }
    }

    /** The connection failed or was dropped before a full response arrived. */
    record Connection(String message) implements Failure {
        public String type() { return "connection"; }
        public String detail() { return message; }
    }

    /** A reply arrived but could not be understood (invalid JSON, missing fields, no extractable answer). */
    record Unparseable(String excerpt) implements Failure {
        public String type() { return "parse"; }
        public String detail() { return excerpt; }
    }

    /** A reward threw or could not score. */
    record RewardError(String message) implements Failure {
        public String type() { return "reward_error"; }
        public String detail() { return message; }
    }

    /** The environment threw while setting up or advancing an episode. */
    record EnvironmentError(String message) implements Failure {
        public String type() { return "environment_error"; }
        public String detail() { return message; }
    }

    /** The sandbox could not run the code (missing bubblewrap, spawn failure): an infrastructure fault, not a failed test. */
    record SandboxError(String message) implements Failure {
        public String type() { return "sandbox_error"; }
        public String detail() { return message; }
    }

    /** The policy failed for another reason (bad configuration, unsupported request). */
    record PolicyError(String message) implements Failure {
        public String type() { return "policy_error"; }
        public String detail() { return message; }
    }

    /**
     * A proposer's task that the domain's judge rejected: {@code kind} is {@code malformed} (it does not parse) or
     * {@code unsolvable} (it parses, but no answer the solver could give is right). The episode poses nothing.
     */
    record InvalidProposal(String kind, String reason) implements Failure {
        public String type() { return "proposal_" + kind; }
        public String detail() { return reason; }
    }

    /** Shortens text kept in a failure so that a huge body never lands in a store or a log. */
    static String excerpt(String text) {
        var oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
