package ai.lyceum.task;

import java.util.Objects;

/**
 * One chat message. {@code role} is the chat-API role ({@code system}, {@code user}, {@code assistant},
 * {@code tool}); which agent of a multi-agent episode produced a message is recorded on the trajectory's turn.
 */
public record Message(String role, String content) {
    public static final String SYSTEM = "system";
    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";

    public Message {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        if (role.isBlank()) throw new IllegalArgumentException("message role must not be blank");
    }

    public static Message system(String content) { return new Message(SYSTEM, content); }

    public static Message user(String content) { return new Message(USER, content); }

    public static Message assistant(String content) { return new Message(ASSISTANT, content); }
}
