package dev.appservice.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.appservice.runtime.document.DocumentHandler;
import dev.appservice.runtime.support.Db;
import dev.appservice.runtime.support.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

class MigrationsIT {

  @Test
  void workersStartingAtOnceMigrateTheSchemaOnce() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String url = pg.jdbcUrl(pg.createDatabase());
    int workers = 4;
    CyclicBarrier start = new CyclicBarrier(workers);
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      runs.add(
          CompletableFuture.runAsync(
              () -> {
                try (HikariDataSource ds = new HikariDataSource()) {
                  ds.setJdbcUrl(url);
                  ds.setUsername("postgres");
                  ds.setPassword("postgres");
                  start.await();
                  Migrations.migrate(ds, new DocumentHandler());
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              }));
    }
    CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get();

    Db db = new Db(url);
    assertThat(
            db.scalar("SELECT count(*) FROM appservice_runtime_schema_history WHERE version = '1'"))
        .isEqualTo(1);
    assertThat(
            db.scalar(
                "SELECT count(*) FROM appservice_handler_document_history WHERE version = '1'"))
        .isEqualTo(1);
    assertThat(db.scalar("SELECT count(*) FROM documents")).isZero();
  }
}
