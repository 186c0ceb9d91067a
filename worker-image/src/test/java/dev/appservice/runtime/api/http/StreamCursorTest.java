package dev.appservice.runtime.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.appservice.runtime.api.problem.Problem;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamCursorTest {

  @Test
  void anEventIdNamesTheNextOffsetOfEveryPartition() {
    StreamCursor cursor = new StreamCursor(Map.of(0, 5L, 1, 7L)).advanced(1, 7);

    assertThat(cursor.next()).containsOnly(Map.entry(0, 5L), Map.entry(1, 8L));
    assertThat(cursor.toString()).startsWith("1.");
    assertThat(StreamCursor.parse("Last-Event-ID", cursor.toString())).isEqualTo(cursor);
  }

  @Test
  void idsOfTheOlderFormStillResume() {
    assertThat(StreamCursor.parse("Last-Event-ID", "0-5.1-8").next())
        .containsOnly(Map.entry(0, 5L), Map.entry(1, 8L));
  }

  /** A partition at 0 is read from its beginning, named or not: it is left out. */
  @Test
  void partitionsWithoutEventsAreLeftOut() {
    StreamCursor cursor = new StreamCursor(Map.of(0, 0L, 1, 0L, 7, 3L));

    assertThat(StreamCursor.parse("id", cursor.toString()).next())
        .containsExactlyEntriesOf(Map.of(7, 3L));
    assertThat(new StreamCursor(Map.of(0, 0L)).toString()).isEqualTo("1.");
    assertThat(StreamCursor.parse("id", "1.").next()).isEmpty();
  }

  /**
   * 1000 partitions of about a million events each fit in about 4 characters a partition, well
   * inside the header limit, where the older form took 12.
   */
  @Test
  void idsStayCompactAsPartitionsGrow() {
    Random random = new Random(7);
    Map<Integer, Long> next = new HashMap<>();
    for (int p = 0; p < 1000; p++) {
      next.put(p, 1_000_000L + random.nextInt(2000));
    }
    StreamCursor cursor = new StreamCursor(next);

    assertThat(cursor.toString().length()).isLessThan(4 * 1000);
    assertThat(cursor.toString().length()).isLessThan(StreamCursor.MAX_CHARS);
    assertThat(StreamCursor.parse("id", cursor.toString())).isEqualTo(cursor);
  }

  @Test
  void foreignIdsAreRejected() {
    for (String bad :
        new String[] {
          "", "x", "0-", "-1-2", "0-1.", "0-1..1-2", "0_1", "1-2-3", "1.!", "1.gA", "1.AAAA", "2.AQ"
        }) {
      assertThatThrownBy(() -> StreamCursor.parse("Last-Event-ID", bad))
          .as(bad)
          .isInstanceOf(Problem.class);
    }
  }
}
