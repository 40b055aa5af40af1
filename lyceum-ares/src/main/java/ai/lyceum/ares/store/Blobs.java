package ai.lyceum.ares.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian float and double arrays as BLOBs: compact, and the same bytes in DuckDB and PostgreSQL. */
public final class Blobs {
    private Blobs() {}

    public static byte[] of(float[] values) {
        var buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return buf.array();
    }

    public static byte[] of(double[] values) {
        var buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asDoubleBuffer().put(values);
        return buf.array();
    }

    public static float[] floats(byte[] blob) {
        var out = new float[blob.length / 4];
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    public static double[] doubles(byte[] blob) {
        var out = new double[blob.length / 8];
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
        return out;
    }
}
