package dev.appservice.runtime.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DocumentBatchTest {
  private final DocumentBatch batch = new DocumentBatch(new ObjectMapper());
  private final DocumentKey a = new DocumentKey("order", "a");
  private final DocumentKey b = new DocumentKey("order", "b");

  @Test
  void undoTakesBackOnlyTheCurrentCommandsChanges() {
    batch.begin();
    batch.put(a, "{\"n\":1}", "c1");

    batch.begin();
    batch.put(a, "{\"n\":2}", "c2");
    batch.put(b, "{\"n\":3}", "c2");
    batch.delete(a);
    batch.undo();

    assertThat(batch.peek(a).text()).isEqualTo("{\"n\":1}");
    assertThat(batch.peek(a).commandId()).isEqualTo("c1");
    assertThat(batch.peek(b)).isEqualTo(DocumentState.UNREAD);
  }

  @Test
  void anUndoneFirstWriteLeavesTheDocumentUnreadAgain() {
    batch.begin();
    batch.delete(a);
    batch.undo();
    assertThat(batch.peek(a)).isEqualTo(DocumentState.UNREAD);
  }
}
