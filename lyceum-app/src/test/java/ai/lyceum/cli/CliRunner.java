package ai.lyceum.cli;

/** Runs the {@code lyceum} command line in-process for tests of other packages. */
public final class CliRunner {
    private CliRunner() {}

    public record Result(int code, String stdout, String stderr) {}

    public static Result run(String... args) {
        var r = EvalCommandTest.run(args);
        return new Result(r.code(), r.stdout(), r.stderr());
    }
}
