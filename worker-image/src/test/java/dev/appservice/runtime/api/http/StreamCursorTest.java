package dev.appservice.runtime.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.appservice.runtime.api.problem.Problem;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamCursorTest {

  @Test
  void anEventIdNamesTheNextOffsetOfEveryPartition() {
    StreamCursor cursor = new StreamCursor(Map.of(0, 5L, 1, 7L)).advanced(1, 7);

    assertThat(cursor.toString()).isEqualTo("0-5.1-8");
    assertThat(StreamCursor.parse("Last-Event-ID", cursor.toString())).isEqualTo(cursor);
  }

  @Test
  void foreignIdsAreRejected() {
    for (String bad : new String[] {"", "x", "0-", "-1-2", "0-1.", "0-1..1-2", "0_1", "1-2-3"}) {
      assertThatThrownBy(() -> StreamCursor.parse("Last-Event-ID", bad))
          .as(bad)
          .isInstanceOf(Problem.class);
    }
  }
}
