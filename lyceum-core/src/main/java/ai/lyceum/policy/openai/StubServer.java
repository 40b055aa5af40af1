package ai.lyceum.policy.openai;

import ai.lyceum.json.Json;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A loopback OpenAI-compatible HTTP/1.1 server with fixed latency and injected faults: a stand-in for a model
 * server in tests and in {@code lyceum bench rollouts}, never a policy. It binds to 127.0.0.1 only.
 *
 * <p>One selector thread does everything, with no thread per connection or request: the stub must stay far
 * cheaper than the client it measures. Because every answer waits the same latency, answers fall due in arrival
 * order, so a FIFO queue serves as the timer. Each request draws its fate from one seeded generator: dropped
 * connection, HTTP 500, a 200 whose body is not JSON, or a normal answer whose text {@code reply} computes from the
 * last user message (chat, Responses API) or the prompt (completions). Keep-alive, Content-Length bodies only.
 */
public final class StubServer implements AutoCloseable {
    /** Fault rates (each in [0, 1], summing to at most 1) and latency. */
    public record Faults(Duration latency, double errorRate, double garbageRate, double dropRate) {
        public Faults {
            for (double r : new double[] {errorRate, garbageRate, dropRate}) {
                if (!(r >= 0 && r <= 1)) throw new IllegalArgumentException("fault rates must be in [0, 1], was " + r);
            }
            if (errorRate + garbageRate + dropRate > 1) throw new IllegalArgumentException("fault rates sum above 1");
        }

        public static Faults none(Duration latency) { return new Faults(latency, 0, 0, 0); }
    }

    private static final ObjectMapper JSON = Json.newMapper();
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    private final Faults faults;
    private final Function<String, String> reply;
    private final SplittableRandom random;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final Thread loop;
    private final ArrayDeque<Answer> due = new ArrayDeque<>();
    private final Map<String, Long> served = new TreeMap<>();
    private volatile boolean closed;

    /** An answer waiting for its latency to pass; {@code bytes} null means drop the connection. */
    private record Answer(long dueNanos, SelectionKey key, byte[] bytes) {}

    /** Per-connection state: bytes read so far and bytes still to write. */
    private static final class Connection {
        ByteBuffer in = ByteBuffer.allocate(8192);
        ByteBuffer out;
    }

    private StubServer(Faults faults, Function<String, String> reply, long seed) throws IOException {
        this.faults = faults;
        this.reply = reply;
        this.random = new SplittableRandom(seed);
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8192);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        this.loop = Thread.ofPlatform().name("stub-server").daemon(true).start(this::run);
    }

    /** Starts a stub on a free loopback port. {@code reply} maps the last user message to the answer text. */
    public static StubServer start(Faults faults, Function<String, String> reply, long seed) throws IOException {
        return new StubServer(faults, reply, seed);
    }

    /** The base URL to give a client, ending in {@code /v1}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.socket().getLocalPort() + "/v1");
    }

    /** Requests served so far, by outcome ({@code 200}, {@code 500}, {@code garbage}, {@code drop}…). */
    public Map<String, Long> served() {
        synchronized (served) {
            return new TreeMap<>(served);
        }
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try (selector; server) {
            while (!closed) {
                var next = due.peekFirst();
                long waitMs = next == null ? 0 : Math.max(1, (next.dueNanos() - System.nanoTime()) / 1_000_000);
                if (next != null && next.dueNanos() <= System.nanoTime()) selector.selectNow();
                else selector.select(waitMs);
                for (var key : selector.selectedKeys()) {
                    try {
                        if (!key.isValid()) continue;
                        if (key.isAcceptable()) accept();
                        else if (key.isReadable()) read(key);
                        else if (key.isWritable()) flush(key);
                    } catch (IOException e) {
                        drop(key);
                    }
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                while (!due.isEmpty() && due.peekFirst().dueNanos() <= now) answer(due.pollFirst());
            }
            for (var key : selector.keys()) key.channel().close();
        } catch (IOException e) {
            if (!closed) throw new java.io.UncheckedIOException("stub server failed", e);
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.register(selector, SelectionKey.OP_READ, new Connection());
        }
    }

    private void read(SelectionKey key) throws IOException {
        var conn = (Connection) key.attachment();
        var channel = (SocketChannel) key.channel();
        if (!conn.in.hasRemaining()) conn.in = grow(conn.in);
        if (channel.read(conn.in) < 0) {
            drop(key);
            return;
        }
        var bytes = conn.in.array();
        int length = conn.in.position();
        int headerEnd = indexOf(bytes, length);
        if (headerEnd < 0) return;
        var head = new String(bytes, 0, headerEnd, StandardCharsets.ISO_8859_1);
        int contentLength = contentLength(head);
        int total = headerEnd + 4 + contentLength;
        if (length < total) {
            if (total > conn.in.capacity()) conn.in = grow(conn.in, total);
            return;
        }
        var requestLine = head.substring(0, Math.max(0, head.indexOf('\r')));
        var body = java.util.Arrays.copyOfRange(bytes, headerEnd + 4, total);
        // Keep any bytes past this request (a pipelining client) for the next one, in the same buffer.
        System.arraycopy(bytes, total, bytes, 0, length - total);
        conn.in.position(length - total);
        key.interestOps(0); // one request at a time per connection, as HTTP/1.1 clients send them
        due.addLast(new Answer(System.nanoTime() + faults.latency().toNanos(), key, respond(requestLine, body)));
    }

    /** The response bytes for one request, or null to drop the connection. */
    private byte[] respond(String requestLine, byte[] body) {
        var parts = requestLine.split(" ");
        var path = parts.length > 1 ? parts[1] : "";
        boolean chat = path.endsWith("/chat/completions");
        boolean responses = path.endsWith("/responses");
        if (parts.length < 3 || !"POST".equals(parts[0]) || !(chat || responses || path.endsWith("/completions"))) {
            return http(404, "{\"error\":{\"message\":\"no route\"}}", "404");
        }
        double draw = random.nextDouble();
        if (draw < faults.dropRate()) {
            count("drop");
            return null;
        }
        draw -= faults.dropRate();
        if (draw < faults.errorRate()) {
            return http(500, "{\"error\":{\"message\":\"injected failure\",\"type\":\"server_error\"}}", "500");
        }
        draw -= faults.errorRate();
        if (draw < faults.garbageRate()) return http(200, "{\"id\": \"garbage\", \"choices\": [{\"message\": ", "garbage");
        Request request;
        try {
            request = Request.parse(body);
        } catch (IOException | RuntimeException e) {
            return http(400, "{\"error\":{\"message\":\"invalid JSON\"}}", "400");
        }
        var prompt = chat || responses ? request.lastUser() : request.prompt();
        var text = quote(reply.apply(prompt));
        if (responses) {
            return http(200, "{\"id\":\"stub\",\"object\":\"response\",\"status\":\"completed\",\"model\":\""
                    + quote(request.model()) + "\",\"output\":[{\"type\":\"message\",\"role\":\"assistant\",\"content\":"
                    + "[{\"type\":\"output_text\",\"text\":\"" + text + "\"}]}],\"usage\":{\"input_tokens\":"
                    + prompt.length() / 4 + ",\"output_tokens\":" + text.length() / 4 + "}}", "200");
        }
        var choice = chat ? "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"}" : "\"text\":\"" + text + "\"";
        return http(200, "{\"id\":\"stub\",\"object\":\"" + (chat ? "chat.completion" : "text_completion")
                + "\",\"model\":\"" + quote(request.model()) + "\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\","
                + choice + "}],\"usage\":{\"prompt_tokens\":" + prompt.length() / 4 + ",\"completion_tokens\":"
                + text.length() / 4 + "}}", "200");
    }

    private static String quote(String text) { return new String(JsonStringEncoder.getInstance().quoteAsString(text)); }

    /** The fields of a completion request the stub needs, read with a streaming parser: the stub must stay cheap. */
    private record Request(String model, String prompt, String lastUser) {
        static Request parse(byte[] body) throws IOException {
            String model = "stub", prompt = "", lastUser = "";
            try (var p = JSON.getFactory().createParser(body)) {
                if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not an object");
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    var field = p.currentName();
                    var token = p.nextToken();
                    switch (field) {
                        case "model" -> model = p.getValueAsString("stub");
                        case "prompt" -> prompt = token == JsonToken.VALUE_STRING ? p.getText() : skip(p);
                        case "input" -> {
                            // The Responses API takes a bare string or a list of messages.
                            if (token == JsonToken.VALUE_STRING) lastUser = p.getText();
                            else if (token == JsonToken.START_ARRAY) lastUser = lastUserOf(p);
                            else throw new IOException("input must be a string or a list");
                        }
                        case "messages" -> {
                            if (token != JsonToken.START_ARRAY) throw new IOException("messages must be a list");
                            lastUser = lastUserOf(p);
                        }
                        default -> p.skipChildren();
                    }
                }
            }
            return new Request(model, prompt, lastUser);
        }

        /** The content of the last user message in a list of {role, content} objects; the parser is at its start. */
        private static String lastUserOf(com.fasterxml.jackson.core.JsonParser p) throws IOException {
            String lastUser = "";
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String role = null, content = "";
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    var name = p.currentName();
                    var t = p.nextToken();
                    if (name.equals("role")) role = p.getValueAsString();
                    else if (name.equals("content") && t == JsonToken.VALUE_STRING) content = p.getText();
                    else p.skipChildren();
                }
                if ("user".equals(role)) lastUser = content;
            }
            return lastUser;
        }

        private static String skip(com.fasterxml.jackson.core.JsonParser p) throws IOException {
            p.skipChildren();
            return "";
        }
    }

    private void answer(Answer answer) {
        var key = answer.key();
        if (!key.isValid()) return;
        if (answer.bytes() == null) {
            drop(key);
            return;
        }
        var conn = (Connection) key.attachment();
        conn.out = ByteBuffer.wrap(answer.bytes());
        try {
            flush(key);
        } catch (IOException e) {
            drop(key);
        }
    }

    private void flush(SelectionKey key) throws IOException {
        var conn = (Connection) key.attachment();
        ((SocketChannel) key.channel()).write(conn.out);
        if (conn.out.hasRemaining()) {
            key.interestOps(SelectionKey.OP_WRITE);
        } else {
            conn.out = null;
            key.interestOps(SelectionKey.OP_READ);
            if (conn.in.position() > 0) read(key); // a request arrived while we were answering
        }
    }

    private static void drop(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing a broken socket: nothing more to do
        }
    }

    private byte[] http(int status, String body, String outcome) {
        count(outcome);
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        var head = "HTTP/1.1 " + status + (status == 200 ? " OK" : " Error") + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\nConnection: keep-alive\r\n\r\n";
        var headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        var all = new byte[headBytes.length + bytes.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(bytes, 0, all, headBytes.length, bytes.length);
        return all;
    }

    private void count(String outcome) {
        synchronized (served) {
            served.merge(outcome, 1L, Long::sum);
        }
    }

    private static int contentLength(String head) {
        for (var line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }

    private static int indexOf(byte[] bytes, int length) {
        outer:
        for (int i = 0; i + HEADER_END.length <= length; i++) {
            for (int j = 0; j < HEADER_END.length; j++) if (bytes[i + j] != HEADER_END[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static ByteBuffer grow(ByteBuffer buffer) { return grow(buffer, buffer.capacity() * 2); }

    private static ByteBuffer grow(ByteBuffer buffer, int capacity) {
        var bigger = ByteBuffer.allocate(capacity);
        buffer.flip();
        return bigger.put(buffer);
    }
}
