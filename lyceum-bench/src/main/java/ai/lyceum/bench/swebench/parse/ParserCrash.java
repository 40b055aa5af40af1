package ai.lyceum.bench.swebench.parse;

/**
 * The official parser raised instead of writing {@code output.json}; {@code pythonType} is the exception class
 * Python reports ({@code UnicodeDecodeError}, {@code IndexError}, {@code SyntaxError}...). The official harness
 * scores such an instance unresolved.
 */
public final class ParserCrash extends Exception {
    private final String pythonType;

    public ParserCrash(String pythonType, String message) {
        super(pythonType + ": " + message);
        this.pythonType = pythonType;
    }

    public String pythonType() { return pythonType; }
}
