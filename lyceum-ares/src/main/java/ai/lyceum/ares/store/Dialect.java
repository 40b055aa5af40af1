package ai.lyceum.ares.store;

import ai.lyceum.ares.model.Schema;

/** SQL differences between the embedded DuckDB store and a PostgreSQL server. */
enum Dialect {
    DUCKDB, POSTGRES;

    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:duckdb:")) return DUCKDB;
        if (jdbcUrl.startsWith("jdbc:postgresql:")) return POSTGRES;
        throw new IllegalArgumentException("unsupported store URL " + jdbcUrl + " (use a directory, jdbc:duckdb: or jdbc:postgresql:)");
    }

    String type(Schema.SqlType t) {
        return switch (t) {
            case TEXT -> "TEXT";
            case BIGINT -> "BIGINT";
            case DOUBLE -> this == POSTGRES ? "DOUBLE PRECISION" : "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            case TIMESTAMP -> timestamp();
        };
    }

    /**
     * An instant. PostgreSQL's plain TIMESTAMP would store the writing JVM's wall-clock time, so clients in other
     * time zones would read other instants; TIMESTAMPTZ stores the instant. DuckDB's appender writes UTC.
     */
    String timestamp() { return this == POSTGRES ? "TIMESTAMPTZ" : "TIMESTAMP"; }

    String blob() { return this == POSTGRES ? "BYTEA" : "BLOB"; }
}
