package ai.lyceum.serve.openenv;

import ai.lyceum.serve.ServedEnvironment;
import ai.lyceum.serve.Sessions;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

/**
 * OpenEnv's routes. Plain HTTP is stateless, as in OpenEnv: each {@code /reset} or {@code /step} runs on a fresh
 * session and forgets it, so a plain {@code /step} must name its task ({@code task_id} or {@code seed}) and is a
 * one-shot reward call on a single-turn environment. {@code /ws} keeps one session per connection, admitted up to
 * the server's capacity and reaped when idle; every failure there is an {@code error} message with OpenEnv's codes.
 */
public final class OpenEnvProtocol {
    /**
     * OpenEnv's WebSocket error codes. Lyceum never sends {@code FACTORY_ERROR}: the environment is built once, when
     * the server starts (a broken one stops {@code lyceum serve} there), and a session only starts episodes of it.
     */
    enum ErrorCode { INVALID_JSON, UNKNOWN_TYPE, VALIDATION_ERROR, EXECUTION_ERROR, CAPACITY_REACHED, FACTORY_ERROR, SESSION_ERROR }

    /** The wire records' optional fields (OpenEnv's {@code Optional[...]}); the schema says they may be null. */
    private static final Set<String> NULLABLE = Set.of("TextObservation.role", "TextObservation.failure",
            "TextObservation.reward", "EpisodeState.episodeId", "EpisodeState.taskId");

    private final ServedEnvironment env;
    private final Sessions<EpisodeSession> sessions;
    private final ObjectMapper json;
    private final ObjectNode schema;

    public OpenEnvProtocol(ServedEnvironment env, Sessions<EpisodeSession> sessions, ObjectMapper json) {
        this.env = env;
        this.sessions = sessions;
        this.json = json;
        this.schema = schemas(json);
    }

    /** Sessions of this protocol, for the server to create with its capacity and idle limit. */
    public static Sessions<EpisodeSession> sessions(int capacity, Duration idleLimit) { return new Sessions<>(capacity, idleLimit); }

    /** The plain HTTP routes; {@code /ws} is {@link #webSocket}'s. */
    public void register(RoutesConfig routes) {
        routes.post("/reset", this::reset);
        routes.post("/step", this::step);
        routes.get("/state", ctx -> ctx.json(new EpisodeState(null, 0, null, false)));
        routes.get("/schema", ctx -> ctx.json(schema));
        routes.get("/metadata", ctx -> ctx.json(metadata()));
    }

    /**
     * The servlet behind {@code /ws}, on Jetty's own WebSocket API rather than Javalin's: Javalin copies each
     * upgrade's headers, cookies and attributes into maps and opens an HTTP session for every connection, about
     * 10 KB a connection that every young collection copies while it lives, and adds layers to every message.
     *
     * @param configure  limits for the servlet's WebSocket factory (message size, buffers, idle timeout)
     * @param authorized whether an upgrade's {@code Authorization} header (null when absent) carries the token
     */
    public JettyWebSocketServlet webSocket(Consumer<JettyWebSocketServletFactory> configure, Predicate<String> authorized) {
        return new JettyWebSocketServlet() {
            @Override
            protected void configure(JettyWebSocketServletFactory factory) {
                configure.accept(factory);
                factory.setCreator((request, response) -> new Connection(authorized.test(request.getHeader("Authorization"))));
            }
        };
    }

    /** One {@code /ws} connection: its session lives while the socket does. Public for Jetty's method handles. */
    public final class Connection implements Session.Listener.AutoDemanding {
        private static final AtomicLong IDS = new AtomicLong();
        private final String id = "ws-" + IDS.incrementAndGet();
        private final boolean authorized;
        private volatile Session socket;

        private Connection(boolean authorized) { this.authorized = authorized; }

        @Override
        public void onWebSocketOpen(Session session) {
            socket = session;
            connect(this);
        }

        @Override
        public void onWebSocketText(String text) {
            var reply = message(id, text, this);
            if (reply != null) send(reply);
        }

        @Override
        public void onWebSocketClose(int status, String reason, Callback callback) {
            sessions.close(id);
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) { sessions.close(id); }

        void send(String text) { socket.sendText(text, Callback.NOOP); }

        void close(int status, String reason) { socket.close(status, reason, Callback.NOOP); }
    }

    static ObjectNode schemas(ObjectMapper json) {
        var builder = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.RESPECT_JSONPROPERTY_REQUIRED))
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES);
        builder.forFields().withNullableCheck(f -> NULLABLE.contains(f.getDeclaringType().getErasedType().getSimpleName() + "." + f.getName()));
        var config = builder.build();
        var generator = new SchemaGenerator(config);
        var out = json.createObjectNode();
        out.set("action", generator.generateSchema(TextAction.class));
        out.set("observation", generator.generateSchema(TextObservation.class));
        out.set("state", generator.generateSchema(EpisodeState.class));
        return out;
    }

    private ObjectNode metadata() {
        var m = json.createObjectNode();
        m.put("name", env.name());
        m.put("description", "Lyceum environment " + env.name() + ": " + env.taskCount() + " tasks; roles "
                + env.environment().roles() + "; served over OpenEnv, NeMo Gym and OpenRLHF protocols");
        m.put("version", "lyceum 0.1.0");
        m.putNull("readme_content");
        m.putNull("author");
        m.putNull("documentation_url");
        return m;
    }

    private void reset(Context ctx) {
        var body = body(ctx);
        var request = Validation.reset(json, body, "body");
        var session = new EpisodeSession(env, idle -> {});
        ctx.json(LiftedObservation.of(resetOrInvalid(session, request, body)));
    }

    private void step(Context ctx) {
        var body = body(ctx);
        if (!(body instanceof ObjectNode o)) throw Validation.single(json, "model_attributes_type",
                "Input should be a valid dictionary or object to extract fields from", body, "body");
        if (o.get("action") == null) throw Validation.single(json, "missing", "Field required", o, "body", "action");
        var action = Validation.action(json, o.get("action"), "body", "action");
        var where = Validation.reset(json, o, "body");
        if (where.taskId().isEmpty() && where.seed().isEmpty()) {
            throw Validation.single(json, "missing", "plain HTTP is stateless: a /step runs on a fresh episode, so name its task"
                    + " with task_id or seed, or keep an episode on the /ws WebSocket", o, "body", "task_id");
        }
        var session = new EpisodeSession(env, idle -> {});
        resetOrInvalid(session, where, o);
        ctx.json(LiftedObservation.of(session.step(action)));
    }

    private TextObservation resetOrInvalid(EpisodeSession session, Validation.Reset request, JsonNode body) {
        try {
            return session.reset(request.seed(), request.episodeId(), request.taskId());
        } catch (IllegalArgumentException e) { // an unknown task id
            throw Validation.single(json, "value_error", e.getMessage(), body.path("task_id"), "body", "task_id");
        }
    }

    private JsonNode body(Context ctx) {
        var text = ctx.body();
        if (text.isBlank()) return json.createObjectNode();
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw Validation.single(json, "json_invalid", "JSON decode error: " + e.getOriginalMessage(), json.nullNode(), "body");
        }
    }

    private void connect(Connection connection) {
        if (!connection.authorized) {
            connection.send(error(ErrorCode.SESSION_ERROR, "missing or wrong bearer token"));
            connection.close(1008, "unauthorized");
            return;
        }
        var session = new EpisodeSession(env, idle -> {
            connection.send(error(ErrorCode.SESSION_ERROR, "session reaped after " + idle.toMillis()
                    + " ms idle; its episode is gone: reconnect and reset"));
            connection.close(1000, "idle session reaped");
        });
        if (!sessions.open(connection.id, session)) {
            connection.send(error(ErrorCode.CAPACITY_REACHED, "server at capacity: " + sessions.capacity() + " sessions"));
            connection.close(1013, "capacity reached");
        }
    }

    /** The reply to one client message; null after a close, which has none. */
    String message(String sessionId, String text, Connection connection) {
        JsonNode msg;
        try {
            msg = json.readTree(text);
        } catch (JsonProcessingException e) {
            return error(ErrorCode.INVALID_JSON, "invalid JSON: " + e.getOriginalMessage());
        }
        var type = msg.path("type").asText("");
        var session = sessions.use(sessionId);
        if (session.isEmpty()) return error(ErrorCode.SESSION_ERROR, "no live session: it was closed or reaped; reconnect");
        try {
            return switch (type) {
                case "reset" -> {
                    var r = Validation.reset(json, msg.get("data"), "data");
                    yield envelope("observation", LiftedObservation.of(session.get().reset(r.seed(), r.episodeId(), r.taskId())));
                }
                case "step" -> envelope("observation",
                        LiftedObservation.of(session.get().step(Validation.action(json, msg.get("data"), "data"))));
                case "state" -> envelope("state", session.get().state());
                case "close" -> {
                    sessions.close(sessionId);
                    connection.close(1000, "closed by client");
                    yield null;
                }
                default -> error(ErrorCode.UNKNOWN_TYPE, "unknown message type '" + type + "'; expected reset, step, state or close");
            };
        } catch (Validation.Invalid e) {
            return error(ErrorCode.VALIDATION_ERROR, e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(ErrorCode.VALIDATION_ERROR, e.getMessage());
        } catch (EpisodeSession.StateException e) {
            return error(ErrorCode.EXECUTION_ERROR, e.getMessage());
        } catch (RuntimeException e) {
            return error(ErrorCode.EXECUTION_ERROR, String.valueOf(e.getMessage()));
        }
    }

    /** A server message {@code {"type", "data"}}. */
    record Envelope(String type, Object data) {}

    record ErrorData(String message, String code) {}

    private String envelope(String type, Object data) {
        try {
            return json.writeValueAsString(new Envelope(type, data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String error(ErrorCode code, String message) { return envelope("error", new ErrorData(message, code.name())); }

    /** Exception mapping for the plain HTTP routes: 422 with FastAPI's detail list. */
    public static void registerErrors(RoutesConfig routes, ObjectMapper json) {
        routes.exception(Validation.Invalid.class, (e, ctx) -> ctx.status(422).json(e.body(json)));
    }
}
