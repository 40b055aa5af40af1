package ai.lyceum.env.feedback;

import java.util.Locale;

/** Agent-RLVR's three kinds of teacher guidance (../shared/specs/multi-agent.md §1). */
public enum GuidanceKind {
    /** A high-level plan: the approach, the key step. */
    PLAN("Write a short plan hint: the approach or the key step that solves the problem. Never state the final answer."),
    /** What went wrong, built from the verifier's or the tests' report on the attempt. */
    ERROR("Write short error feedback: what is wrong in the student's last attempt, using the verifier's report."
            + " Never state the final answer."),
    /** How to act in the environment: the answer's format, which tool or command to use. */
    INTERACTION("Write a short interaction hint: how to present the answer or use the environment (format, what to"
            + " run or check). Never state the final answer.");

    private final String instruction;

    GuidanceKind(String instruction) { this.instruction = instruction; }

    /** What a model teacher is asked to write. */
    public String instruction() { return instruction; }

    /** The name {@code --guidance} takes: plan, error or interaction. */
    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static GuidanceKind parse(String wire) {
        for (var k : values()) if (k.wire().equals(wire)) return k;
        throw new IllegalArgumentException("unknown guidance kind '" + wire + "'; kinds are plan, error, interaction");
    }
}
