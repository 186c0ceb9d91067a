package dev.appservice.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.appservice.runtime.support.Db;
import dev.appservice.runtime.support.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The binary COPY encoder against a real PostgreSQL: what goes in comes back unchanged. */
class BinaryCopyIT {

  @Test
  void scalarsAndArraysRoundTripIncludingNullsAndEmptyArrays() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    Db db = new Db(pg.jdbcUrl(pg.createDatabase()));
    db.execute(
        "CREATE TABLE t (n integer, s text, b bigint, longs bigint[], ints integer[],"
            + " texts text[], blobs bytea[])");
    byte[] binary = {0, 1, (byte) 0xff, '\\', '"', ','};
    try (Connection conn = db.connect()) {
      new BinaryCopy(7)
          .row()
          .int4(-7)
          .text("zwölf \"quoted\", {braced}")
          .int8(Long.MAX_VALUE)
          .int8Array(new long[] {Long.MIN_VALUE, 0, 42})
          .int4Array(new int[] {3, -1})
          .array(BinaryCopy.TEXT, Arrays.asList(utf8("a,b"), null, utf8("ünï \"c\"")))
          .array(BinaryCopy.BYTEA, Arrays.asList(binary, new byte[0], null))
          .row()
          .int4(0)
          .text(null)
          .int8(0)
          .int8Array(new long[0])
          .int4Array(new int[0])
          .array(BinaryCopy.TEXT, List.of())
          .array(BinaryCopy.BYTEA, List.of())
          .copyInto(conn, "COPY t FROM STDIN (FORMAT binary)");
    }

    try (Connection conn = db.connect();
        ResultSet rs = conn.createStatement().executeQuery("SELECT * FROM t ORDER BY n")) {
      rs.next();
      assertThat(rs.getInt("n")).isEqualTo(-7);
      assertThat(rs.getString("s")).isEqualTo("zwölf \"quoted\", {braced}");
      assertThat(rs.getLong("b")).isEqualTo(Long.MAX_VALUE);
      assertThat(elements(rs.getArray("longs"))).containsExactly(Long.MIN_VALUE, 0L, 42L);
      assertThat(elements(rs.getArray("ints"))).containsExactly(3, -1);
      assertThat(elements(rs.getArray("texts"))).containsExactly("a,b", null, "ünï \"c\"");
      Object[] blobs = elements(rs.getArray("blobs"));
      assertThat(blobs).hasSize(3);
      assertThat((byte[]) blobs[0]).containsExactly(binary);
      assertThat((byte[]) blobs[1]).isEmpty();
      assertThat(blobs[2]).isNull();

      rs.next();
      assertThat(rs.getString("s")).isNull();
      assertThat(elements(rs.getArray("longs"))).isEmpty();
      assertThat(elements(rs.getArray("texts"))).isEmpty();
      assertThat(elements(rs.getArray("blobs"))).isEmpty();
      assertThat(rs.next()).isFalse();
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Object[] elements(Array array) throws Exception {
    return (Object[]) array.getArray();
  }
}
