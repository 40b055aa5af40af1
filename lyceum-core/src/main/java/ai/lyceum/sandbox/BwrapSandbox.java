package ai.lyceum.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * bubblewrap plus rlimits. Each run gets fresh namespaces ({@code --unshare-all}: no network, own PID tree, own
 * IPC and hostname), a read-only {@code /usr} and the few {@code /etc} entries the runtimes read, private
 * size-capped tmpfs {@code /tmp}, {@code /work} and {@code /dev/shm} (the sources are bound read-only into
 * {@code /work}; everything else is read-only), an empty
 * environment, and {@code prlimit} limits for CPU, address space, processes, file size and open files. Nothing
 * else of the host is visible: no home directories, no {@code /etc/shadow}, no {@code /work} of the host.
 *
 * <p>Why drop to {@code nobody} when the JVM is root: the kernel does not enforce RLIMIT_NPROC for host root, even
 * inside a user namespace, so a fork bomb would only stop at the deadline. As {@code nobody}, the process limit
 * holds and the sandbox holds no privilege over host files either.
 */
final class BwrapSandbox extends ProcessSandbox {
    private static final int NOBODY = 65534;

    BwrapSandbox(SandboxLimits limits, int concurrency) {
        super(limits, concurrency);
    }

    @Override
    public String provider() { return BwrapSandboxProvider.NAME; }

    @Override
    List<String> wrap(List<String> program, Path hostDir, ExecSpec spec, SandboxLimits limits) {
        var command = new ArrayList<>(base());
        var scratch = Long.toString(limits.scratchBytes());
        command.addAll(List.of("--size", scratch, "--tmpfs", "/tmp", "--size", scratch, "--tmpfs", "/work",
                "--size", scratch, "--tmpfs", "/dev/shm"));
        for (var file : spec.files().keySet()) {
            command.addAll(List.of("--ro-bind", hostDir.resolve(file).toString(), "/work/" + file));
        }
        // The root and /dev are tmpfs mounts bubblewrap sizes at half the host's RAM: freeze both, so that only
        // the size-capped /tmp, /work and /dev/shm take writes and a program cannot fill the host's memory.
        command.addAll(List.of("--remount-ro", "/dev", "--remount-ro", "/", "--chdir", "/work", "--clearenv", "--setenv", "PATH", PATH, "--setenv", "HOME", "/work",
                "--setenv", "TMPDIR", "/tmp", "--setenv", "LANG", "C.UTF-8", "--"));
        command.addAll(program);
        return command;
    }

    /** The part of the command line every run shares, also used by the availability probe. */
    static List<String> base() {
        var command = new ArrayList<String>();
        // Absolute paths: ProcessBuilder resolves a bare name on the JVM's PATH, not on the child's.
        if (isRoot()) {
            command.addAll(List.of(executable("setpriv"), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        command.addAll(List.of(executable("bwrap"), "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent",
                "--new-session", "--hostname", "sandbox", "--ro-bind", "/usr", "/usr"));
        // Merged-/usr systems have these as symlinks into /usr; older layouts have real directories.
        for (var top : List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32")) {
            var path = Path.of("/", top);
            if (Files.isSymbolicLink(path)) {
                try {
                    command.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), path.toString()));
                } catch (IOException e) {
                    // Unreadable link: leave it out; the probe will report a broken sandbox if it mattered.
                }
            } else if (Files.isDirectory(path)) {
                command.addAll(List.of("--ro-bind", path.toString(), path.toString()));
            }
        }
        for (var entry : etcEntries()) command.addAll(List.of("--ro-bind", entry, entry));
        command.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
        return command;
    }

    /** The /etc entries runtimes read: the dynamic linker cache, alternatives symlinks, JDK and Python config. */
    private static List<String> etcEntries() {
        var wanted = new ArrayList<String>();
        for (var name : List.of("alternatives", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime")) {
            if (Files.exists(Path.of("/etc", name))) wanted.add("/etc/" + name);
        }
        try (var entries = Files.list(Path.of("/etc"))) {
            entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("java-") || n.startsWith("python3"))
                    .sorted().forEach(n -> wanted.add("/etc/" + n));
        } catch (IOException e) {
            // No readable /etc: the runtimes that need it will fail visibly.
        }
        return wanted;
    }

    private static String executable(String name) {
        return Interpreters.find(name).map(Path::toString).orElse(name);
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | ClassCastException e) {
            return false;
        }
    }
}
