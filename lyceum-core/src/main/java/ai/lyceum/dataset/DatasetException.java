package ai.lyceum.dataset;

/** A data set could not be read. The message names the file, the line or row, and the problem. */
public final class DatasetException extends Exception {
    public DatasetException(String message) { super(message); }

    public DatasetException(String message, Throwable cause) { super(message, cause); }
}
