package dev.appservice.runtime.worker;

import dev.appservice.runtime.spi.OutputEvent;
import dev.appservice.runtime.store.CommandKey;
import io.cloudevents.CloudEvent;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One input record and what became of it in the current attempt. */
final class BatchItem {
  final ConsumerRecord<byte[], byte[]> record;
  final CloudEvent event;
  final Object parsed;
  final Exception decodeError; // not a CloudEvent
  Exception rejected; // by the handler (parse, or handle in an earlier attempt): poison
  List<OutputEvent> outputs = List.of();
  Exception error;
  String rejection; // the handler's reason (HandlerContext.reject): an outcome, not poison
  boolean skipped;

  BatchItem(BatchInput input) {
    this.record = input.record();
    this.event = input.event();
    this.parsed = input.parsed();
    this.decodeError = event == null ? input.error() : null;
    this.rejected = event != null ? input.error() : null;
    this.error = rejected;
  }

  boolean decoded() {
    return event != null;
  }

  /** What the command is recognised by when it comes again: its source and id. */
  String commandKey() {
    return CommandKey.of(event.getSource().toString(), event.getId());
  }

  void reset() {
    outputs = List.of();
    error = rejected;
    rejection = null;
  }
}
