package ai.lyceum.serve.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The benchmark's WebSocket client: one thread and one selector for every session, speaking only the RFC 6455 a
 * client needs (the upgrade, masked text frames out, unmasked frames in, ping, close). It exists because the load
 * generator shares the machine with the server under test: Jetty's client, a general one, spent as much CPU per
 * round trip as the server (a thread hand-off, an {@code epoll_ctl} and a String per message), and every cycle it
 * spends is taken from the server. Here a reply costs one {@code read}, the next message one {@code write}.
 *
 * <p>Listeners are called on the client's thread; {@link Connection#sendText} and the others may be called from any.
 */
final class WsLoadClient implements AutoCloseable {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int TEXT = 0x1, BINARY = 0x2, CONTINUATION = 0x0, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

    /** What a connection tells its session, on the client's thread. */
    interface Listener {
        /** A whole text message: {@code bytes[offset, offset + length)}, valid only during the call. */
        void onMessage(byte[] bytes, int offset, int length);

        /** The connection is gone; {@code why} says how, or is null when it ended in order. Called at most once. */
        void onClosed(String why);
    }

    private final Selector selector;
    private final Thread loop;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /**
     * Every connection reads into this one buffer (the loop is one thread) and its frames are parsed in place; only a
     * frame cut off by the end of a read is kept per connection. A buffer per connection would be 1,000 buffers
     * alive across every young collection, copied each time, lengthening the pauses the benchmark measures.
     */
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 << 10);
    private volatile boolean running = true;

    WsLoadClient() throws IOException {
        selector = Selector.open();
        loop = Thread.ofPlatform().name("bench-ws-client").daemon().start(this::run);
    }

    /**
     * Opens {@code uri} and completes the upgrade (blocking the caller, at most {@code timeout} for each of connect
     * and response), then hands the connection to the client's thread.
     */
    Connection connect(URI uri, Listener listener, Duration timeout) throws IOException {
        var channel = SocketChannel.open();
        try {
            int port = uri.getPort() > 0 ? uri.getPort() : 80;
            channel.socket().connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            var nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            var key = Base64.getEncoder().encodeToString(nonce);
            var path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            var request = "GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            var out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) channel.write(out);
            channel.socket().setSoTimeout((int) timeout.toMillis());
            var head = readHead(channel.socket().getInputStream());
            if (!head.startsWith("HTTP/1.1 101")) throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(""));
            // Header names are case-insensitive; the value is compared exactly.
            if (!head.lines().anyMatch(line -> line.regionMatches(true, 0, "Sec-WebSocket-Accept:", 0, 21)
                    && line.substring(21).strip().equals(accept(key)))) {
                throw new IOException("upgrade answered with a wrong Sec-WebSocket-Accept");
            }
            channel.configureBlocking(false);
            var connection = new Connection(channel, listener);
            execute(connection::register);
            return connection;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The response head up to its blank line, read a byte at a time so nothing after it is consumed. */
    private static String readHead(InputStream in) throws IOException {
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed during the upgrade");
            head.append((char) b);
            if (head.length() > 16_384) throw new IOException("upgrade response head over 16 KiB");
        }
        return head.toString();
    }

    private static String accept(String key) {
        try {
            var sha1 = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code task} on the client's thread: now if called there, else next time round the loop. */
    private void execute(Runnable task) {
        if (Thread.currentThread() == loop) {
            task.run();
        } else {
            tasks.add(task);
            selector.wakeup();
        }
    }

    private void run() {
        try {
            while (running) {
                selector.select();
                for (Runnable task; (task = tasks.poll()) != null; ) task.run();
                for (var key : selector.selectedKeys()) {
                    var connection = (Connection) key.attachment();
                    if (!key.isValid()) continue;
                    if (key.isWritable()) connection.flush();
                    if (key.isValid() && key.isReadable()) connection.read();
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) throw new IllegalStateException("benchmark WebSocket client failed", e);
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (var key : selector.keys()) key.channel().close();
        selector.close();
    }

    /** One WebSocket connection; its state is touched only on the client's thread. */
    final class Connection {
        private final SocketChannel channel;
        private final Listener listener;
        private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
        private SelectionKey key;
        private ByteBuffer partial; // the start of a frame that a read cut off, in write mode; null almost always
        private int needed; // bytes the frame at the head of the input needs, once its header is in
        private byte[] message = new byte[0];
        private int messageLength;
        private boolean inMessage;
        private boolean closing;
        private boolean closed;

        private Connection(SocketChannel channel, Listener listener) {
            this.channel = channel;
            this.listener = listener;
        }

        private void register() {
            try {
                key = channel.register(selector, SelectionKey.OP_READ, this);
            } catch (IOException e) {
                end("cannot register: " + e);
            }
        }

        /** Sends {@code text} as one masked text frame. */
        void sendText(String text) { execute(() -> send(TEXT, text.getBytes(StandardCharsets.UTF_8))); }

        /** Starts the closing handshake with status 1000; the socket closes when the server answers it. */
        void close() {
            execute(() -> {
                if (closed || closing) return;
                closing = true;
                send(CLOSE, new byte[] {0x03, (byte) 0xE8});
            });
        }

        /** Closes the socket now, without a handshake. */
        void disconnect() { execute(() -> end(null)); }

        private void send(int opcode, byte[] payload) {
            if (closed) return;
            int n = payload.length;
            var frame = ByteBuffer.allocate((n < 126 ? 2 : n < 65_536 ? 4 : 10) + 4 + n);
            frame.put((byte) (0x80 | opcode));
            if (n < 126) {
                frame.put((byte) (0x80 | n));
            } else if (n < 65_536) {
                frame.put((byte) (0x80 | 126)).putShort((short) n);
            } else {
                frame.put((byte) (0x80 | 127)).putLong(n);
            }
            int mask = ThreadLocalRandom.current().nextInt();
            frame.putInt(mask);
            for (int i = 0; i < n; i++) frame.put((byte) (payload[i] ^ (mask >>> (24 - 8 * (i & 3)))));
            pending.add(frame.flip());
            flush();
        }

        private void flush() {
            try {
                while (!pending.isEmpty()) {
                    var head = pending.peek();
                    channel.write(head);
                    if (head.hasRemaining()) break;
                    pending.poll();
                }
                if (key != null && key.isValid()) {
                    key.interestOps(pending.isEmpty() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                }
            } catch (IOException e) {
                end("send failed: " + e);
            }
        }

        private void read() {
            var in = partial != null ? partial : readBuffer.clear();
            try {
                if (channel.read(in) < 0) {
                    end(closing ? null : "connection closed by the server");
                    return;
                }
            } catch (IOException e) {
                end("socket error: " + e);
                return;
            }
            in.flip();
            needed = 0;
            while (!closed && frame(in)) { }
            if (closed) return;
            if (!in.hasRemaining()) {
                partial = null;
            } else if (in == readBuffer || in.capacity() < needed) {
                partial = ByteBuffer.allocate(Math.max(needed, Math.max(4096, 2 * in.remaining()))).put(in);
            } else {
                in.compact();
            }
        }

        /** Consumes one whole frame from {@code in}, or returns false (setting {@link #needed}) to await more. */
        private boolean frame(ByteBuffer in) {
            int start = in.position();
            if (in.remaining() < 2) return false;
            int b0 = in.get(start) & 0xFF, b1 = in.get(start + 1) & 0xFF;
            if ((b1 & 0x80) != 0) {
                end("protocol error: the server masked a frame");
                return false;
            }
            long length = b1 & 0x7F;
            int header = 2;
            if (length == 126) {
                if (in.remaining() < 4) return false;
                length = in.getShort(start + 2) & 0xFFFF;
                header = 4;
            } else if (length == 127) {
                if (in.remaining() < 10) return false;
                length = in.getLong(start + 2);
                header = 10;
            }
            if (length > 64L << 20) {
                end("frame of " + length + " bytes, over the client's 64 MiB");
                return false;
            }
            if (in.remaining() < header + length) {
                needed = (int) (header + length);
                return false;
            }
            int payload = start + header;
            int n = (int) length;
            in.position(payload + n);
            boolean fin = (b0 & 0x80) != 0;
            switch (b0 & 0x0F) {
                case TEXT, CONTINUATION -> {
                    if (!fin || inMessage) { // a fragment: join it with the others
                        if (messageLength + n > message.length) message = Arrays.copyOf(message, Math.max(2 * message.length, messageLength + n));
                        in.get(payload, message, messageLength, n);
                        messageLength += n;
                        inMessage = !fin;
                        if (fin) {
                            int whole = messageLength;
                            messageLength = 0;
                            listener.onMessage(message, 0, whole);
                        }
                    } else {
                        listener.onMessage(in.array(), payload, n);
                    }
                }
                case PING -> {
                    var body = new byte[n];
                    in.get(payload, body);
                    send(PONG, body);
                }
                case PONG -> { }
                case CLOSE -> {
                    int code = n >= 2 ? in.getShort(payload) & 0xFFFF : 1005;
                    var reason = n > 2 ? new String(in.array(), payload + 2, n - 2, StandardCharsets.UTF_8) : "";
                    end(closing ? null : "closed by the server: " + code + " " + reason);
                    return false;
                }
                case BINARY -> {
                    end("unexpected binary frame");
                    return false;
                }
                default -> {
                    end("unknown opcode " + (b0 & 0x0F));
                    return false;
                }
            }
            return true;
        }

        /** Closes the socket; tells the listener why, unless {@code why} is null (an orderly end). */
        private void end(String why) {
            if (closed) return;
            closed = true;
            if (key != null) key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) { // closing a socket that failed: nothing left to release
            }
            listener.onClosed(why);
        }
    }
}
