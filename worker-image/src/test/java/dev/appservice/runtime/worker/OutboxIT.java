package dev.appservice.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.appservice.runtime.store.Outbox;
import dev.appservice.runtime.store.OutboxRecord;
import dev.appservice.runtime.support.Db;
import dev.appservice.runtime.support.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

/** The outbox's block rows on a real PostgreSQL: splitting, leftovers in order, deletion. */
class OutboxIT {

  @Test
  void largeBatchesSplitAtEventBoundariesIntoContiguousRows() throws Exception {
    try (HikariDataSource ds = TestPostgres.shared().migratedDatabase()) {
      String url = ds.getJdbcUrl();
      // A limit of one byte: every input event that has records starts a new row.
      Outbox outbox = new Outbox("in", 0, 1);
      List<OutboxRecord> records =
          List.of(record(10, 0, null), record(10, 1, "k"), record(11, 0, "k"), record(13, 0, "k"));
      try (Connection conn = ds.getConnection()) {
        conn.setAutoCommit(false);
        outbox.insert(conn, outbox.encode(records, 9, 15));
        conn.commit();
      }
      Db db = new Db(url);
      assertThat(
              db.rows(
                  "SELECT first_offset, next_offset, records AS n"
                      + " FROM outbox_blocks ORDER BY next_offset"))
          .extracting(r -> r.get("first_offset") + "-" + r.get("next_offset") + ":" + r.get("n"))
          .containsExactly("9-11:2", "11-13:1", "13-15:1");

      try (Connection conn = ds.getConnection()) {
        List<OutboxRecord> pending = outbox.pending(conn);
        assertThat(pending)
            .extracting(r -> r.inputOffset() + "/" + r.index())
            .containsExactly("10/0", "10/1", "11/0", "13/0");
        assertThat(pending.getFirst().key()).isNull();
        assertThat(new String(pending.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("v-10-1");
        assertThat(pending.get(1).headers())
            .singleElement()
            .satisfies(h -> assertThat(h.value()).containsExactly(1));

        outbox.deletePublished(conn, 13);
        assertThat(outbox.pending(conn)).extracting(OutboxRecord::inputOffset).containsExactly(13L);
      }
    }
  }

  private static OutboxRecord record(long offset, int index, String key) {
    return new OutboxRecord(
        offset,
        index,
        "in/0/" + offset + "/" + index,
        "out",
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        ("v-" + offset + "-" + index).getBytes(StandardCharsets.UTF_8),
        List.of(new RecordHeader("h", new byte[] {(byte) index})));
  }
}
