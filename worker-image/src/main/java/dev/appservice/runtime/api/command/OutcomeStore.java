package dev.appservice.runtime.api.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.appservice.runtime.store.CommandRecords;
import dev.appservice.runtime.store.OffsetStore;
import dev.appservice.runtime.store.OutboxRecord;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Outcomes of commands, as {@link CommandRecords} reads them, with their output events as
 * structured CloudEvents JSON: from the worker's outbox blocks while they exist, after that from
 * the {@link RecentEvents} the API saw on the output topic.
 */
public final class OutcomeStore {
  private final DataSource dataSource;
  private final String outputTopic;
  private final CommandRecords records;
  private final RecentEvents recent;
  private final ObjectMapper json;
  private final JsonFormat format = new JsonFormat();

  public OutcomeStore(
      DataSource dataSource, String outputTopic, RecentEvents recent, ObjectMapper json) {
    this.dataSource = dataSource;
    this.outputTopic = outputTopic;
    this.records = new CommandRecords(outputTopic);
    this.recent = recent;
    this.json = json;
  }

  /**
   * Where the worker of an input partition will resume: every command below it is recorded (the
   * offset moves in the transaction that records them), or -1 if no worker has owned the partition.
   */
  long storedNextOffset(String inputTopic, int partition) throws SQLException {
    try (Connection conn = dataSource.getConnection()) {
      return OffsetStore.storedNextOffset(conn, inputTopic, partition);
    }
  }

  Optional<Outcome> find(String commandId) throws SQLException {
    return Optional.ofNullable(find(List.of(commandId)).get(commandId));
  }

  Map<String, Outcome> find(Collection<String> commandIds) throws SQLException {
    Map<String, CommandRecords.Recorded> rows;
    try (Connection conn = dataSource.getConnection()) {
      rows = records.find(conn, commandIds);
    }
    Map<String, Outcome> outcomes = new HashMap<>();
    rows.values().forEach(r -> outcomes.put(r.commandId(), outcome(r)));
    return outcomes;
  }

  private Outcome outcome(CommandRecords.Recorded r) {
    List<JsonNode> events = new ArrayList<>();
    for (int i = 0; i < r.eventIds().size(); i++) {
      OutboxRecord output = r.outputs().get(i);
      JsonNode e = output != null ? event(output) : recent.get(r.eventIds().get(i));
      if (e == null) {
        break; // partial lists would be misleading: a prefix at most
      }
      events.add(e);
    }
    return new Outcome(
        r.commandId(),
        r.status(),
        r.inputTopic(),
        r.partition(),
        r.offset(),
        r.eventIds(),
        List.copyOf(events),
        r.error());
  }

  /** Binary-mode Kafka record (as the worker writes it) to structured CloudEvents JSON. */
  private JsonNode event(OutboxRecord r) {
    RecordHeaders h = new RecordHeaders(r.headers());
    try (CloudEventDeserializer d = new CloudEventDeserializer()) {
      CloudEvent event = d.deserialize(outputTopic, h, r.value());
      return json.readTree(format.serialize(event));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
