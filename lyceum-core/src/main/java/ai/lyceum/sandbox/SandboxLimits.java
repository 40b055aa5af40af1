package ai.lyceum.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * What one execution may consume. The figures are the program's own budget: a {@link Language} adds its runtime's
 * fixed needs on top (the JVM reserves address space and starts threads before {@code main} runs).
 *
 * @param cpu          CPU time; past it the process gets SIGXCPU ({@link ExecResult.Outcome#LIMIT_EXCEEDED})
 * @param wall         wall-clock deadline; past it the whole process tree is killed ({@link ExecResult.Outcome#TIMEOUT})
 * @param memoryBytes  address space for the program's data (RLIMIT_AS, plus the language's runtime overhead)
 * @param processes    processes and threads the program may start (RLIMIT_NPROC, plus the runtime's own threads)
 * @param fileBytes    largest file the program may write (RLIMIT_FSIZE)
 * @param scratchBytes size of each private writable tmpfs: {@code /work}, {@code /tmp} and {@code /dev/shm}
 * @param outputBytes  bytes kept of stdout and of stderr each; the rest is counted, not stored
 */
public record SandboxLimits(Duration cpu, Duration wall, long memoryBytes, int processes, long fileBytes,
                            long scratchBytes, int outputBytes) {
    private static final long MIB = 1024 * 1024;

    /**
     * Enough for a test suite of a HumanEval or MBPP problem; tight enough that a runaway costs seconds. Address
     * space is a per-process limit, so a program's worst case is about {@code processes × memoryBytes}: few
     * processes keep that near 5 GiB per concurrent run.
     */
    public static final SandboxLimits DEFAULT =
            new SandboxLimits(Duration.ofSeconds(10), Duration.ofSeconds(15), 512 * MIB, 8, 16 * MIB, 64 * MIB, 64 * 1024);

    public SandboxLimits {
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(wall, "wall");
        if (cpu.toSeconds() < 1) throw new IllegalArgumentException("cpu limit must be at least 1 s, was " + cpu);
        if (wall.toMillis() < 1) throw new IllegalArgumentException("wall limit must be positive, was " + wall);
        if (memoryBytes < 16 * MIB) throw new IllegalArgumentException("memory must be at least 16 MiB, was " + memoryBytes);
        if (processes < 1) throw new IllegalArgumentException("processes must be at least 1, was " + processes);
        if (fileBytes < 0) throw new IllegalArgumentException("file size limit must not be negative, was " + fileBytes);
        if (scratchBytes < MIB) throw new IllegalArgumentException("scratch must be at least 1 MiB, was " + scratchBytes);
        if (outputBytes < 0) throw new IllegalArgumentException("output cap must not be negative, was " + outputBytes);
    }

    public SandboxLimits withCpu(Duration value) {
        return new SandboxLimits(value, wall, memoryBytes, processes, fileBytes, scratchBytes, outputBytes);
    }

    public SandboxLimits withWall(Duration value) {
        return new SandboxLimits(cpu, value, memoryBytes, processes, fileBytes, scratchBytes, outputBytes);
    }

    public SandboxLimits withMemoryBytes(long value) {
        return new SandboxLimits(cpu, wall, value, processes, fileBytes, scratchBytes, outputBytes);
    }

    public SandboxLimits withProcesses(int value) {
        return new SandboxLimits(cpu, wall, memoryBytes, value, fileBytes, scratchBytes, outputBytes);
    }

    public SandboxLimits withFileBytes(long value) {
        return new SandboxLimits(cpu, wall, memoryBytes, processes, value, scratchBytes, outputBytes);
    }

    public SandboxLimits withScratchBytes(long value) {
        return new SandboxLimits(cpu, wall, memoryBytes, processes, fileBytes, value, outputBytes);
    }

    public SandboxLimits withOutputBytes(int value) {
        return new SandboxLimits(cpu, wall, memoryBytes, processes, fileBytes, scratchBytes, value);
    }
}
