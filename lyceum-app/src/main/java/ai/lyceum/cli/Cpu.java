package ai.lyceum.cli;

import java.lang.management.ManagementFactory;

/** CPU time of this process: benchmarks report it beside wall time, which a busy machine inflates. */
final class Cpu {
    private Cpu() {}

    static long processNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
