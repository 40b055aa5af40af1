package ai.lyceum.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** What an experiment's report writes ({@code report.md}, a PNG, {@code metrics.csv}, {@code summary.json}) and prints. */
public interface ExperimentReport {
    /** The PNG's file name in the report's directory. */
    default String plotFile() { return "learning_curves.png"; }

    /** Writes every file into {@code dir}. */
    void write(Path dir) throws IOException;

    /** The result table for the terminal. */
    void printTable(PrintStream out);
}
