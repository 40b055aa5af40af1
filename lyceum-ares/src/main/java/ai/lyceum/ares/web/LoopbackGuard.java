package ai.lyceum.ares.web;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The rules every Lyceum web server on loopback applies before a handler runs.
 *
 * <p>Binding 127.0.0.1 keeps other machines out but not the user's own browser: a page on any site can send it
 * requests (cross-site request forgery) and, by rebinding its own DNS name to 127.0.0.1, even read the answers.
 * So the {@code Host} header must name the loopback address the server listens on, an {@code Origin} header, when
 * the browser sends one, must be this server, and every request that changes anything must carry the server's
 * random token in {@code X-Lyceum-Token} — which only a page served from here can read ({@code GET /api/token}),
 * because the browser's same-origin policy hides the answer from everyone else. Refusals are 403.
 */
public final class LoopbackGuard {
    public static final String TOKEN_HEADER = "X-Lyceum-Token";
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final String token;

    public LoopbackGuard() {
        var bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        this.token = HexFormat.of().formatHex(bytes);
    }

    public String token() { return token; }

    /** Throws 403 unless the request is addressed to this loopback server and, if it writes, carries the token. */
    public void check(Context ctx) {
        int port = ctx.req().getLocalPort();
        var host = ctx.header("Host");
        if (host == null || !allowedHost(host, port)) throw new ForbiddenResponse("forbidden: Host " + host + " is not this server");
        var origin = ctx.header("Origin");
        if (origin != null && !(origin.startsWith("http://") && allowedHost(origin.substring("http://".length()), port))) {
            throw new ForbiddenResponse("forbidden: cross-origin request from " + origin);
        }
        if (!SAFE_METHODS.contains(ctx.method().name()) && !token.equals(ctx.header(TOKEN_HEADER))) {
            throw new ForbiddenResponse("forbidden: a request that changes data needs the " + TOKEN_HEADER + " header");
        }
    }

    private static boolean allowedHost(String hostAndPort, int port) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon < 0 || hostAndPort.endsWith("]")) return false; // browsers always send the port of a non-80 server
        return LOOPBACK_NAMES.contains(hostAndPort.substring(0, colon)) && hostAndPort.substring(colon + 1).equals(String.valueOf(port));
    }
}
