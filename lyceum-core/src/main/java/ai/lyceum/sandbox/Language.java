package ai.lyceum.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * A language a sandbox can run: the interpreter command and what its runtime needs beyond the program's own
 * {@link SandboxLimits}. Overheads were measured as the virtual size of an idle runtime on Linux x86-64: Python
 * ~16 MiB, Node.js ~730 MiB (V8 reserves its heap cages up front), the JVM ~1.3 GiB beyond its heap (code cache,
 * class space, thread stacks) even with the flags below.
 */
public enum Language {
    PYTHON("main.py", 64L << 20, 4) {
        @Override
        List<String> interpreter(SandboxLimits limits) {
            return List.of("python3", "-B"); // -B: the source tree may be read-only; never write .pyc next to it
        }

        @Override
        boolean outOfMemory(String stderr) {
            return stderr.contains("MemoryError");
        }
    },
    /**
     * A shell script that runs a repository's own test command (SWE-Bench Pro's run scripts): the toolchains it
     * starts (the Go compiler and test binaries, Node.js) reserve far more address space than they use.
     */
    BASH("main.sh", 6L << 30, 64) {
        @Override
        List<String> interpreter(SandboxLimits limits) {
            return List.of("bash");
        }

        @Override
        boolean outOfMemory(String stderr) {
            return stderr.contains("out of memory") || stderr.contains("MemoryError");
        }
    },
    NODE("main.js", 1L << 30, 16) {
        @Override
        List<String> interpreter(SandboxLimits limits) {
            return List.of("node", "--max-old-space-size=" + Math.max(16, limits.memoryBytes() >> 20));
        }

        @Override
        boolean outOfMemory(String stderr) {
            return stderr.contains("heap out of memory") || stderr.contains("Fatal process out of memory")
                    || stderr.contains("Failed to reserve virtual memory");
        }
    },
    /** A single-file program launched from source ({@code java Main.java}, JEP 330); the first class is run. */
    JAVA("Main.java", 3L << 29, 32) {
        @Override
        List<String> interpreter(SandboxLimits limits) {
            // Serial GC, C1 only and small reserved areas keep start-up fast and the address space near the heap.
            return List.of("java", "-Xmx" + (limits.memoryBytes() >> 20) + "m", "-Xss1m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=64m", "-XX:CompressedClassSpaceSize=64m",
                    "-XX:MaxMetaspaceSize=256m", "-XX:-UsePerfData", "-Xshare:auto");
        }

        @Override
        boolean outOfMemory(String stderr) {
            return stderr.contains("OutOfMemoryError") || stderr.contains("Could not reserve enough space")
                    || stderr.contains("insufficient memory for the Java Runtime");
        }
    };

    private final String defaultMainFile;
    private final long runtimeAddressSpace;
    private final int runtimeProcesses;

    Language(String defaultMainFile, long runtimeAddressSpace, int runtimeProcesses) {
        this.defaultMainFile = defaultMainFile;
        this.runtimeAddressSpace = runtimeAddressSpace;
        this.runtimeProcesses = runtimeProcesses;
    }

    /** The file name {@link ExecSpec#of} gives a single source. */
    public String defaultMainFile() { return defaultMainFile; }

    abstract List<String> interpreter(SandboxLimits limits);

    /** The interpreter's executable name, looked up on the sandbox's fixed {@code PATH}. */
    String executable() { return interpreter(SandboxLimits.DEFAULT).getFirst(); }

    /** Whether the runtime's stderr says it ran out of memory (RLIMIT_AS makes allocation fail, not the kernel OOM killer). */
    abstract boolean outOfMemory(String stderr);

    /** The command line, resolved on the sandbox's {@code PATH}. */
    List<String> command(ExecSpec spec, SandboxLimits limits) {
        var command = new ArrayList<>(interpreter(limits));
        command.add(spec.mainFile());
        command.addAll(spec.args());
        return command;
    }

    long addressSpace(SandboxLimits limits) { return limits.memoryBytes() + runtimeAddressSpace; }

    /** The program's budget plus the runtime's own threads and the sandbox's init and launcher processes. */
    int processes(SandboxLimits limits) { return limits.processes() + runtimeProcesses; }
}
