package dev.appservice.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class OutboxRecordTest {

  @Test
  void headersSurviveTheOutboxRoundTrip() {
    List<Header> headers =
        List.of(new RecordHeader("ce_id", "in/0/5/0".getBytes()), new RecordHeader("empty", null));
    OutboxRecord record = new OutboxRecord(5, 0, "in/0/5/0", "out", null, new byte[0], headers);

    assertThat(OutboxRecord.decodeHeaders(record.encodedHeaders())).isEqualTo(headers);
  }

  @Test
  void eventIdsAreDerivedFromTheInputPosition() {
    assertThat(OutboxRecord.eventId("orders.commands", 3, 42, "1"))
        .isEqualTo("orders.commands/3/42/1");
  }
}
