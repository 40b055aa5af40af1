package ai.lyceum.env;

/** Names of the roles built-in environments use. Roles are plain strings so environments can add their own. */
public final class Role {
    /** The agent being evaluated or trained. */
    public static final String ASSISTANT = "assistant";
    /** A frozen teacher that guides the student when it fails. */
    public static final String TEACHER = "teacher";

    private Role() {}
}
