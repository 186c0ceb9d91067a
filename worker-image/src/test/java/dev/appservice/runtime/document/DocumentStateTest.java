package dev.appservice.runtime.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DocumentStateTest {
  private final ObjectMapper json = new ObjectMapper();
  private final DocumentKey key = new DocumentKey("customer", "c-1");

  @Test
  void patchIsAJsonMergePatch() throws Exception {
    DocumentState doc =
        DocumentState.ABSENT.replacedBy(
            "{\"name\":\"Ada\",\"tier\":\"gold\",\"a\":{\"x\":1}}", "c1");

    DocumentState patched =
        doc.patchedWith(
            json.readTree("{\"tier\":null,\"city\":\"Oslo\",\"a\":{\"y\":2}}"), json, key, "c2");

    assertThat(json.readTree(patched.text()))
        .isEqualTo(json.readTree("{\"name\":\"Ada\",\"city\":\"Oslo\",\"a\":{\"x\":1,\"y\":2}}"));
    assertThat(patched.version()).isEqualTo(2);
    assertThat(patched.commandId()).isEqualTo("c2");
  }

  @Test
  void patchOfAMissingDocumentIsRejected() {
    assertThatThrownBy(() -> DocumentState.ABSENT.patchedWith(json.readTree("{}"), json, key, "c1"))
        .hasMessage("cannot patch customer 'c-1': it does not exist");
  }

  @Test
  void versionCountsChangesSinceCreation() {
    assertThat(DocumentState.ABSENT.replacedBy("{}", "a").replacedBy("{}", "b").version())
        .isEqualTo(2);
  }
}
