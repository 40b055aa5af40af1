/** {@code lyceum bench ares}: ingestion throughput, heap, index build and HTTP query latencies, with CPU-seconds. */
package ai.lyceum.ares.bench;
