package dev.appservice.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.appservice.kit.LocalPostgres;
import dev.appservice.runtime.document.DocumentHandler;
import dev.appservice.runtime.document.DocumentTable;
import dev.appservice.runtime.store.Migrations;
import java.sql.Connection;
import java.sql.PreparedStatement;

/**
 * B1, the physical ceiling: the same document rows upserted with batched JDBC, one transaction per
 * 2000 rows, no Kafka, no offsets, no outbox, no fulfilment. With {@code fulfilment}, each
 * transaction also records every command as the worker does, its row and the batch's fulfilment_log
 * entry (B1f): what the issue requires of every batch beyond the upserts, measured on its own.
 */
final class RawJdbc {
  static double eventsPerSecond(Infra infra, Workload workload, int batch) throws Exception {
    return eventsPerSecond(infra, workload, batch, false);
  }

  static double eventsPerSecond(Infra infra, Workload workload, int batch, boolean fulfilment)
      throws Exception {
    String url = infra.newDatabase() + "?reWriteBatchedInserts=true";
    try (HikariDataSource ds = new HikariDataSource()) {
      ds.setJdbcUrl(url);
      ds.setUsername(LocalPostgres.USER);
      ds.setPassword(LocalPostgres.PASSWORD);
      Migrations.migrate(ds, new DocumentHandler());
      try (Connection conn = ds.getConnection();
          PreparedStatement st = conn.prepareStatement(DocumentTable.UPSERT_ONE)) {
        conn.setAutoCommit(false);
        FulfilmentRows commands = new FulfilmentRows("b1.commands", 0);
        long start = System.nanoTime();
        for (int i = 0; i < workload.events(); i++) {
          st.setString(1, "customer");
          st.setString(2, workload.id(i));
          st.setString(3, workload.document(i));
          st.setString(4, workload.commandId(i));
          st.addBatch();
          if (fulfilment) {
            commands.add(workload.commandId(i), i);
          }
          if ((i + 1) % batch == 0 || i == workload.events() - 1) {
            st.executeBatch();
            if (fulfilment) {
              commands.write(conn);
            }
            conn.commit();
          }
        }
        return workload.events() / ((System.nanoTime() - start) / 1e9);
      }
    }
  }

  private RawJdbc() {}
}
