package ai.lyceum.ares;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for one test class: {@code initdb} into a temporary directory, trust authentication,
 * listening on 127.0.0.1 only (its Unix socket in the same directory), stopped and deleted on {@link #close}.
 * PostgreSQL refuses to run as root, so a root JVM runs the server binaries as the {@code postgres} user.
 */
final class ThrowawayPostgres implements AutoCloseable {
    private static final String USER = "postgres";

    private final Path bin;
    private final Path dir;
    private final boolean asPostgresUser;
    private final int port;

    private ThrowawayPostgres(Path bin, Path dir, boolean asPostgresUser, int port) {
        this.bin = bin;
        this.dir = dir;
        this.asPostgresUser = asPostgresUser;
        this.port = port;
    }

    /** The server binaries' directory (with {@code initdb} and {@code pg_ctl}), or why there is none usable. */
    static Optional<Path> binaries() {
        var candidates = new ArrayList<Path>();
        Optional.ofNullable(System.getenv("LYCEUM_PG_BIN")).map(Path::of).ifPresent(candidates::add);
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            // Newest major first: 17 before 16, numerically.
            versions.sorted(Comparator.comparing((Path p) -> majorOf(p)).reversed()).map(p -> p.resolve("bin")).forEach(candidates::add);
        } catch (IOException e) {
            // No Debian layout; fall through to the other candidates.
        }
        candidates.add(Path.of("/usr/local/pgsql/bin"));
        return candidates.stream().filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl"))).findFirst();
    }

    private static int majorOf(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether this JVM runs as root, in which case the server must run as {@value #USER}. */
    static boolean runningAsRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    /** Whether a root JVM can drop to the {@value #USER} account (it exists and {@code runuser} is there). */
    static boolean canRunAsPostgresUser() {
        try {
            var p = new ProcessBuilder("runuser", "-u", USER, "--", "true").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static ThrowawayPostgres start(Path bin) throws IOException, InterruptedException {
        boolean root = runningAsRoot();
        var dir = Files.createTempDirectory("lyceum-pg-");
        try {
            if (root) {
                var lookup = dir.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(dir, lookup.lookupPrincipalByName(USER));
            }
            var server = new ThrowawayPostgres(bin, dir, root, freePort());
            // No fsync and no locale: a disposable cluster, and C collation orders text like DuckDB does.
            server.run(60, "initdb", "-D", dir.resolve("data").toString(), "-U", USER, "-A", "trust", "-E", "UTF8",
                    "--no-locale", "--no-sync");
            server.run(60, "pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(), "-w",
                    "-t", "30", "-o", "-h 127.0.0.1 -p " + server.port + " -k " + dir + " -F -c full_page_writes=off", "start");
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            var log = dir.resolve("server.log");
            var detail = Files.exists(log) ? Files.readString(log) : "(no server log)";
            delete(dir);
            throw new IOException(e.getMessage() + "\nserver log:\n" + detail, e);
        }
    }

    String jdbcUrl() { return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + USER; }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run(60, "pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
        } finally {
            delete(dir);
        }
    }

    private void run(int timeoutSeconds, String tool, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        if (asPostgresUser) command.addAll(List.of("runuser", "-u", USER, "--"));
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        var p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        // Read output before waiting, so a chatty tool cannot block on a full pipe.
        var output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(tool + " did not finish in " + timeoutSeconds + " s:\n" + output);
        }
        if (p.exitValue() != 0) throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + output);
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (var p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
