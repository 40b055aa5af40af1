package ai.lyceum.serve;

import ai.lyceum.json.Json;
import ai.lyceum.serve.nemogym.NemoGymProtocol;
import ai.lyceum.serve.openenv.OpenEnvProtocol;
import ai.lyceum.serve.openrlhf.OpenRlhfProtocol;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.json.JavalinJackson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;

/**
 * One process serving one environment under every protocol at once, selected by route: OpenEnv ({@code /reset},
 * {@code /step}, {@code /state}, {@code /schema}, {@code /metadata}, {@code /ws}), NeMo Gym ({@code /seed_session},
 * {@code /verify}, {@code /aggregate_metrics}) and OpenRLHF ({@code /get_reward}), plus {@code /health}.
 * Requests run on virtual threads; WebSocket sessions are bounded and reaped when idle.
 */
public final class LyceumServer implements AutoCloseable {
    private final Sessions<?> sessions;
    private final Javalin app;

    private LyceumServer(ServedEnvironment env, ServeOptions options) {
        ObjectMapper json = Json.newMapper();
        var wsSessions = OpenEnvProtocol.sessions(options.maxSessions(), options.idleLimit());
        this.sessions = wsSessions;
        var openEnv = new OpenEnvProtocol(env, wsSessions, json);
        var nemo = new NemoGymProtocol(env, json);
        var openRlhf = new OpenRlhfProtocol(env, json);
        var expected = options.token().map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.jsonMapper(new JavalinJackson(json, false)); // small bodies: write them whole, no streaming pipe per response
            Consumer<JettyWebSocketServletFactory> webSocketLimits = factory -> {
                factory.setMaxTextMessageSize(16 << 20);
                // Jetty starts each text message's decoder at the input buffer's size: at the 4 KiB default that was
                // a quarter of all allocation under load, for client messages that are mostly tens of bytes.
                factory.setInputBufferSize(1024);
                // Idle sessions are ours to reap (with a message saying so); Jetty's own timeout must not come first.
                factory.setIdleTimeout(options.idleLimit().plusMinutes(1));
            };
            config.jetty.modifyServletContextHandler(context -> context.addServlet(new ServletHolder(openEnv.webSocket(
                    webSocketLimits, header -> expected.isEmpty() || matches(expected.get(), header))), "/ws"));
            var routes = config.routes;
            if (expected.isPresent()) {
                routes.before(ctx -> {
                    if (ctx.path().equals("/health")) return; // /ws is not Javalin's: its connections check on connect
                    if (!matches(expected.get(), ctx.header("Authorization"))) throw new UnauthorizedResponse("missing or wrong bearer token");
                });
            }
            routes.get("/health", ctx -> ctx.json(Map.of("status", "healthy")));
            openEnv.register(routes);
            nemo.register(routes);
            openRlhf.register(routes);
            OpenEnvProtocol.registerErrors(routes, json);
            routes.exception(IllegalArgumentException.class, (e, ctx) -> ctx.status(400).json(Map.of("detail", e.getMessage())));
        });
        app.start(options.host(), options.port());
    }

    /** Serves {@code env} until {@link #close}; the caller keeps ownership of the environment. */
    public static LyceumServer start(ServedEnvironment env, ServeOptions options) {
        return new LyceumServer(env, options);
    }

    public int port() { return app.port(); }

    private static boolean matches(byte[] expected, String header) {
        return header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        app.stop();
        sessions.close();
    }
}
