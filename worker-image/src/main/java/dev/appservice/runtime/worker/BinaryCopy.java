package dev.appservice.runtime.worker;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's binary COPY format, sent with one {@code COPY ... FROM STDIN (FORMAT
 * binary)}: no SQL text to parse, no array literals to escape and split, about half the server work
 * of an insert of the same rows. COPY has no ON CONFLICT: a duplicate key fails the statement (and
 * the transaction), which callers use as the rare path.
 */
final class BinaryCopy {
  private static final byte[] HEADER = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
  };

  /** PostgreSQL's limit for one field value (1 GB), minus the array header. */
  static final long MAX_FIELD_BYTES = (1L << 30) - 1024;

  static final int BYTEA = 17;
  static final int TEXT = 25;
  private static final int INT4 = 23;
  private static final int INT8 = 20;

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
  private final DataOutputStream out = new DataOutputStream(buffer);
  private final int columns;

  BinaryCopy(int columns) {
    this.columns = columns;
    buffer.writeBytes(HEADER);
  }

  BinaryCopy row() {
    try {
      out.writeShort(columns);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  BinaryCopy text(String value) {
    return bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  BinaryCopy int4(int value) {
    try {
      out.writeInt(4);
      out.writeInt(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  BinaryCopy int8(long value) {
    try {
      out.writeInt(8);
      out.writeLong(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** A bytea or text value as is; null for SQL NULL. */
  BinaryCopy bytes(byte[] value) {
    try {
      if (value == null) {
        out.writeInt(-1);
      } else {
        out.writeInt(value.length);
        out.write(value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** A one-dimensional bigint[] without nulls. */
  BinaryCopy int8Array(long[] values) {
    try {
      arrayHeader(values.length * (4 + 8), values.length, false, INT8);
      for (long v : values) {
        out.writeInt(8);
        out.writeLong(v);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** A one-dimensional integer[] without nulls. */
  BinaryCopy int4Array(int[] values) {
    try {
      arrayHeader(values.length * (4 + 4), values.length, false, INT4);
      for (int v : values) {
        out.writeInt(4);
        out.writeInt(v);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /**
   * A one-dimensional text[] ({@code oid} 25) or bytea[] (17) of UTF-8 or raw bytes; nulls kept.
   */
  BinaryCopy array(int oid, List<byte[]> values) {
    long size = 0;
    boolean nulls = false;
    for (byte[] v : values) {
      size += 4 + (v == null ? 0 : v.length);
      nulls |= v == null;
    }
    try {
      if (size > MAX_FIELD_BYTES) {
        throw new IllegalArgumentException(
            "an array of " + size + " bytes exceeds PostgreSQL's limit for one value");
      }
      arrayHeader((int) size, values.size(), nulls, oid);
      for (byte[] v : values) {
        if (v == null) {
          out.writeInt(-1);
        } else {
          out.writeInt(v.length);
          out.write(v);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Field length, then the array header: dimensions, null flag, element type, bounds. */
  private void arrayHeader(int elementBytes, int length, boolean nulls, int oid)
      throws IOException {
    boolean empty = length == 0;
    out.writeInt(12 + (empty ? 0 : 8) + elementBytes);
    out.writeInt(empty ? 0 : 1);
    out.writeInt(nulls ? 1 : 0);
    out.writeInt(oid);
    if (!empty) {
      out.writeInt(length);
      out.writeInt(1);
    }
  }

  /**
   * @param sql {@code COPY table (columns) FROM STDIN (FORMAT binary)}
   * @return rows copied
   */
  long copyInto(Connection conn, String sql) throws SQLException {
    try {
      out.writeShort(-1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] data = buffer.toByteArray();
    CopyIn copy = conn.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    try {
      copy.writeToCopy(data, 0, data.length);
      return copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }
}
