package dev.appservice.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class OutboxBlockTest {

  @Test
  void recordsSurviveTheBlockRoundTripFieldByField() {
    List<OutboxRecord> records =
        List.of(
            new OutboxRecord(
                7,
                0,
                "in/0/7/0",
                "out",
                "kü".getBytes(StandardCharsets.UTF_8),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                List.of(
                    new RecordHeader("ce_id", "in/0/7/0".getBytes()), new RecordHeader("e", null))),
            new OutboxRecord(7, 1, "in/0/7/1", "out.dlq", null, null, List.of()),
            new OutboxRecord(9, 0, "in/0/9/0", "out", new byte[0], new byte[0], List.of()));

    List<OutboxRecord> decoded = OutboxBlock.decode(OutboxBlock.encode(records));

    assertThat(decoded).hasSize(3);
    for (int i = 0; i < records.size(); i++) {
      OutboxRecord want = records.get(i);
      OutboxRecord got = decoded.get(i);
      assertThat(got.inputOffset()).isEqualTo(want.inputOffset());
      assertThat(got.index()).isEqualTo(want.index());
      assertThat(got.eventId()).isEqualTo(want.eventId());
      assertThat(got.topic()).isEqualTo(want.topic());
      assertThat(got.key()).isEqualTo(want.key());
      assertThat(got.value()).isEqualTo(want.value());
      assertThat(got.headers()).isEqualTo(want.headers());
    }
  }

  @Test
  void repetitiveRecordsAreStoredCompressed() {
    List<OutboxRecord> records = new ArrayList<>();
    int plain = 0;
    for (int i = 0; i < 2000; i++) {
      byte[] value =
          ("{\"id\":\"c-" + i + "\",\"tier\":\"gold\"}").getBytes(StandardCharsets.UTF_8);
      List<Header> headers =
          List.of(
              new RecordHeader("ce_specversion", "1.0".getBytes()),
              new RecordHeader("ce_type", "customer.upserted".getBytes()),
              new RecordHeader("ce_source", "/appservice/shop".getBytes()));
      records.add(
          new OutboxRecord(
              i, 0, "shop.commands/0/" + i + "/0", "shop.events", null, value, headers));
      plain += value.length + 80;
    }

    byte[] block = OutboxBlock.encode(records);

    assertThat(block.length).isLessThan(plain / 3);
    assertThat(OutboxBlock.decode(block)).hasSize(2000);
  }

  @Test
  void aBlockThisRuntimeDidNotWriteIsRefusedNotMisread() {
    byte[] block =
        OutboxBlock.encode(
            List.of(new OutboxRecord(1, 0, "i/0/1/0", "out", null, null, List.of())));

    byte[] otherFormat = block.clone();
    otherFormat[0] = 9;
    assertThatThrownBy(() -> OutboxBlock.decode(otherFormat))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown format 9");
    assertThatThrownBy(() -> OutboxBlock.decode(Arrays.copyOf(block, block.length - 3)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("corrupt");
    assertThatThrownBy(() -> OutboxBlock.decode(new byte[] {OutboxBlock.FORMAT}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("corrupt");
  }
}
