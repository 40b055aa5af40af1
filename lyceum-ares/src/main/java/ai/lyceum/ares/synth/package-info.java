/** A generator of valid LeRobot v3.0 datasets of any size, written by DuckDB, for tests and benchmarks. */
package ai.lyceum.ares.synth;
