package dev.appservice.runtime.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.appservice.runtime.support.Events;
import org.junit.jupiter.api.Test;

class CommandTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void entityComesFromTheTypeAndIdFromTheSubjectOrTheData() {
    assertThat(Command.of(Events.command("1", "shop.customer.upsert", "c-1", "{}"), json).key())
        .isEqualTo(new DocumentKey("shop.customer", "c-1"));
    assertThat(Command.of(Events.command("1", "customer.upsert", null, "{\"id\":7}"), json).key())
        .isEqualTo(new DocumentKey("customer", "7"));
    assertThat(Command.of(Events.command("1", "customer.delete", "c-1", null), json).operation())
        .isEqualTo("delete");
  }

  @Test
  void commandsTheHandlerCannotApplyAreRejectedWithAReason() {
    assertThatThrownBy(() -> Command.of(Events.command("1", "customer.create", "c", "{}"), json))
        .hasMessageContaining("unsupported command type 'customer.create'");
    assertThatThrownBy(() -> Command.of(Events.command("1", "customer.upsert", null, "{}"), json))
        .hasMessageContaining("names no entity");
    assertThatThrownBy(() -> Command.of(Events.command("1", "customer.upsert", "c", "[1]"), json))
        .hasMessageContaining("needs a JSON object");
    assertThatThrownBy(() -> Command.of(Events.command("1", "customer.patch", "c", "{x"), json))
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void anUpsertWithASubjectIsCheckedWithoutATreeAsStrictlyAsWithOne() {
    Command upsert = Command.of(Events.command("1", "customer.upsert", "c", " {\"a\":[1]} "), json);
    assertThat(upsert.documentText()).isEqualTo(" {\"a\":[1]} ");
    assertThat(upsert.key()).isEqualTo(new DocumentKey("customer", "c"));
    assertThatThrownBy(
            () -> Command.of(Events.command("1", "customer.upsert", "c", "{\"a\":"), json))
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> Command.of(Events.command("1", "customer.upsert", "c", "{} {}"), json))
        .hasMessageContaining("needs a JSON object");
    assertThatThrownBy(() -> Command.of(Events.command("1", "customer.upsert", "c", "\"x\""), json))
        .hasMessageContaining("needs a JSON object");
  }
}
