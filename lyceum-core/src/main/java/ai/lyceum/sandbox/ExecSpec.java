package ai.lyceum.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One program to run: its language, its source files (relative path → content), the file to launch, arguments and
 * standard input. The files are placed read-only in the sandbox's working directory.
 */
public record ExecSpec(Language language, Map<String, String> files, String mainFile, List<String> args, String stdin) {
    // Plain relative paths only: a name like "../x" or "/etc/x" must never reach the host file system.
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*");

    public ExecSpec {
        Objects.requireNonNull(language, "language");
        files = Map.copyOf(files);
        Objects.requireNonNull(mainFile, "mainFile");
        args = List.copyOf(args);
        Objects.requireNonNull(stdin, "stdin");
        for (var name : files.keySet()) {
            if (!SAFE_PATH.matcher(name).matches() || name.contains("..")) {
                throw new IllegalArgumentException("file name must be a plain relative path, was '" + name + "'");
            }
        }
        if (!files.containsKey(mainFile)) {
            throw new IllegalArgumentException("main file '" + mainFile + "' is not among the files " + files.keySet());
        }
    }

    /** A single source file under the language's default name, no arguments, empty stdin. */
    public static ExecSpec of(Language language, String source) {
        return new ExecSpec(language, Map.of(language.defaultMainFile(), source), language.defaultMainFile(), List.of(), "");
    }

    public ExecSpec withStdin(String value) { return new ExecSpec(language, files, mainFile, args, value); }

    public ExecSpec withArgs(List<String> value) { return new ExecSpec(language, files, mainFile, value, stdin); }
}
