package dev.appservice.runtime.api.command;

import dev.appservice.runtime.api.command.CommandTracker.InFlight;
import dev.appservice.runtime.api.problem.Problem;
import dev.appservice.runtime.api.routing.RoutingGate;
import dev.appservice.runtime.kafka.RecordSize;
import dev.appservice.runtime.store.CommandKey;
import io.cloudevents.kafka.CloudEventSerializer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Posts commands at most once per id from this process: a command already recorded by the worker is
 * answered from the table, one in flight is joined, and only a new one is produced (keyed by its
 * entity: {@link RoutingGate} picks the partition the way Kafka's default partitioner would, and
 * holds commands while partitions are added, so an entity's commands stay in order). Another API
 * replica, or this one after a restart, may produce an id a second time while the first copy is
 * still in flight; the worker then skips the copy (it records each command id once), so there is
 * never a second effect.
 */
public final class CommandService {
  /** Either a known outcome, or a command in flight. */
  public record Submission(Optional<Outcome> outcome, InFlight inFlight) {}

  private final Producer<byte[], byte[]> producer;
  private final RoutingGate gate;
  private final String inputTopic;
  private final CommandTracker tracker;
  private final OutcomeStore outcomes;
  private final CloudEventSerializer serializer = new CloudEventSerializer();
  private final Runnable onProduced;
  private final int maxRecordBytes;

  /**
   * @param maxRecordBytes the largest record the input topic and the producer accept ({@link
   *     RecordSize}); a command whose record would be larger is refused with 413
   */
  public CommandService(
      Producer<byte[], byte[]> producer,
      RoutingGate gate,
      String inputTopic,
      CommandTracker tracker,
      OutcomeStore outcomes,
      int maxRecordBytes,
      Runnable onProduced) {
    this.producer = producer;
    this.maxRecordBytes = maxRecordBytes;
    this.gate = gate;
    this.inputTopic = inputTopic;
    this.tracker = tracker;
    this.outcomes = outcomes;
    this.onProduced = onProduced;
    serializer.configure(Map.of(), false);
  }

  public Submission submit(CommandParser.Parsed command) throws SQLException {
    String key = command.commandKey();
    InFlight known = tracker.get(key);
    if (known != null) {
      return new Submission(Optional.empty(), known);
    }
    Optional<Outcome> recorded = command.generatedId() ? Optional.empty() : outcomes.find(key);
    if (recorded.isPresent()) {
      return new Submission(recorded, null);
    }
    Encoded encoded = encode(command);
    InFlight fresh = new InFlight(key);
    InFlight tracked;
    try {
      tracked = tracker.track(key, fresh);
    } catch (CommandTracker.Full full) {
      throw Problem.overloaded(full.getMessage());
    }
    if (tracked == fresh) {
      try {
        produce(encoded, fresh);
      } catch (RoutingGate.Full full) {
        tracker.forget(fresh);
        throw Problem.overloaded(full.getMessage());
      }
    }
    return new Submission(Optional.empty(), tracked);
  }

  private record Encoded(byte[] key, byte[] value, RecordHeaders headers, int size) {}

  /**
   * The command as the record it becomes.
   *
   * @throws Problem 413 if the record would be larger than the input topic accepts
   */
  private Encoded encode(CommandParser.Parsed command) {
    RecordHeaders headers = new RecordHeaders();
    byte[] value = serializer.serialize(inputTopic, headers, command.event());
    byte[] key = command.key().getBytes(StandardCharsets.UTF_8);
    int size = RecordSize.of(key, value, headers);
    if (size > maxRecordBytes) {
      throw Problem.tooLarge(
          "the command would be a record of "
              + size
              + " bytes, more than the input topic accepts ("
              + maxRecordBytes
              + " bytes, with its key and attributes)");
    }
    return new Encoded(key, value, headers, size);
  }

  private void produce(Encoded encoded, InFlight f) {
    byte[] key = encoded.key();
    byte[] value = encoded.value();
    RecordHeaders headers = encoded.headers();
    gate.route(
        encoded.size(),
        partitions ->
            send(
                new ProducerRecord<>(
                    inputTopic, RoutingGate.partitionFor(key, partitions), key, value, headers),
                f),
        error -> failed(f, error));
  }

  private void send(ProducerRecord<byte[], byte[]> record, InFlight f) {
    try {
      producer.send(
          record,
          (metadata, error) -> {
            if (error != null) {
              failed(f, error);
            } else {
              onProduced.run();
              tracker.acknowledged(f, metadata.partition(), metadata.offset());
            }
          });
    } catch (RuntimeException e) {
      failed(f, e);
    }
  }

  /**
   * The command was not acknowledged: the request fails (503), and a new POST of the id may try
   * again. Usually nothing was produced; after a timeout the record may still have been written, in
   * which case the worker's command-id check keeps a retry from having a second effect.
   */
  private void failed(InFlight f, Throwable error) {
    tracker.forget(f);
    f.acknowledged.completeExceptionally(error);
  }

  /**
   * The outcome the worker recorded for this command, if any.
   *
   * @param id the command's key ({@link dev.appservice.runtime.store.CommandKey}), as are the ids
   *     below
   */
  public Optional<Outcome> recorded(String id) throws SQLException {
    return outcomes.find(id);
  }

  /**
   * A command another process produced at {@code partition}/{@code offset} of the input topic (its
   * Location says where): its outcome if the worker has passed that position, else the command to
   * wait for. The stored offset is read before the outcome because both move in one transaction:
   * once the offset has passed, a missing outcome means no such command was ever recorded there.
   *
   * @throws Problem 404 if there is no such partition, or the worker passed the position without
   *     recording this id
   */
  public Submission follow(String id, int partition, long offset) throws SQLException {
    int partitions = producer.partitionsFor(inputTopic).size();
    if (partition >= partitions) {
      throw Problem.notFound(
          "no command '"
              + CommandKey.id(id)
              + "' at partition "
              + partition
              + ": the input topic has "
              + partitions
              + " partitions");
    }
    if (outcomes.storedNextOffset(inputTopic, partition) > offset) {
      Outcome recorded =
          outcomes
              .find(id)
              .orElseThrow(
                  () ->
                      Problem.notFound(
                          "no command '"
                              + CommandKey.id(id)
                              + "' was recorded at partition "
                              + partition
                              + ", offset "
                              + offset));
      return new Submission(Optional.of(recorded), null);
    }
    try {
      return new Submission(Optional.empty(), tracker.follow(id, partition, offset));
    } catch (CommandTracker.Full full) {
      throw Problem.overloaded(full.getMessage());
    }
  }

  /** No request waits for this command any more: stop tracking it if it was only followed. */
  public void release(InFlight f) {
    tracker.release(f);
  }

  /** The command if this process produced it and its outcome is not known yet, else empty. */
  public Optional<InFlight> inFlight(String id) {
    return Optional.ofNullable(tracker.get(id));
  }
}
