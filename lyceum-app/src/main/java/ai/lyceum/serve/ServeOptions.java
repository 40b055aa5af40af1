package ai.lyceum.serve;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code lyceum serve} listens.
 *
 * @param host        the address to bind; loopback unless the user asks otherwise
 * @param port        0 picks a free port
 * @param token       when present, every route but {@code /health} needs {@code Authorization: Bearer <token>}
 * @param maxSessions WebSocket sessions open at once; more are refused with {@code CAPACITY_REACHED}
 * @param idleLimit   a session unused this long is reaped
 */
public record ServeOptions(String host, int port, Optional<String> token, int maxSessions, Duration idleLimit) {
    public static final String LOOPBACK = "127.0.0.1";

    public ServeOptions {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
        Objects.requireNonNull(token, "token");
        token.ifPresent(t -> { if (t.isBlank()) throw new IllegalArgumentException("token must not be blank"); });
        if (maxSessions < 1) throw new IllegalArgumentException("max sessions must be >= 1, was " + maxSessions);
        Objects.requireNonNull(idleLimit, "idleLimit");
    }

    public static ServeOptions loopback(int port) {
        return new ServeOptions(LOOPBACK, port, Optional.empty(), 10_000, Duration.ofMinutes(10));
    }

    public ServeOptions withToken(String t) { return new ServeOptions(host, port, Optional.of(t), maxSessions, idleLimit); }

    public ServeOptions withIdleLimit(Duration d) { return new ServeOptions(host, port, token, maxSessions, d); }

    public ServeOptions withMaxSessions(int n) { return new ServeOptions(host, port, token, n, idleLimit); }
}
