package dev.appservice.runtime.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.appservice.runtime.spi.EventHandler;
import dev.appservice.runtime.spi.HandlerContext;
import dev.appservice.runtime.spi.OutputEvent;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A custom handler (found through ServiceLoader like any user handler) that is deliberately not
 * idempotent: it counts every application per key and checks that sequence numbers arrive in order,
 * so the crash test can see a double or out-of-order application.
 */
public final class SequenceCheckHandler implements EventHandler {
  private static final String UPSERT =
      """
      INSERT INTO seq_state (key, first_seq, last_seq, applied, batch_ok, in_order)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET
        in_order = seq_state.in_order AND excluded.batch_ok
                   AND excluded.first_seq = seq_state.last_seq + 1,
        last_seq = excluded.last_seq,
        applied = seq_state.applied + excluded.applied,
        batch_ok = excluded.batch_ok
      """;

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Delta> deltas = new LinkedHashMap<>();

  private static final class Delta {
    long first;
    long last;
    long count;
    boolean ordered = true;
  }

  @Override
  public String name() {
    return "sequence-check";
  }

  @Override
  public Optional<String> migrations() {
    return Optional.of("db/handler/sequence-check");
  }

  @Override
  public List<OutputEvent> handle(CloudEvent event, HandlerContext context) throws IOException {
    long seq = json.readTree(event.getData().toBytes()).get("seq").asLong();
    Delta d = deltas.computeIfAbsent(event.getSubject(), k -> new Delta());
    if (d.count == 0) {
      d.first = seq;
    } else if (seq != d.last + 1) {
      d.ordered = false;
    }
    d.last = seq;
    d.count++;
    return List.of(OutputEvent.json("seq.applied", event.getSubject(), event.getData().toBytes()));
  }

  @Override
  public void flush(HandlerContext context) throws SQLException {
    try (PreparedStatement st = context.connection().prepareStatement(UPSERT)) {
      for (Map.Entry<String, Delta> e : deltas.entrySet()) {
        Delta d = e.getValue();
        st.setString(1, e.getKey());
        st.setLong(2, d.first);
        st.setLong(3, d.last);
        st.setLong(4, d.count);
        st.setBoolean(5, d.ordered);
        st.setBoolean(6, d.ordered && d.first == 1);
        st.addBatch();
      }
      st.executeBatch();
    }
    deltas.clear();
  }

  @Override
  public void discard() {
    deltas.clear();
  }
}
