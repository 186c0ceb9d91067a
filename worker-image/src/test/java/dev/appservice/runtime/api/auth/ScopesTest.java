package dev.appservice.runtime.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScopesTest {
  @Test
  void aScopeCoversItselfItsChildrenAndWhatItsStarPrefixes() {
    Scopes scopes = Scopes.of(List.of("commands:write:order.*", "entities:read", "events:read"));

    assertThat(scopes.allows(Scopes.commandWrite("order.place"))).isTrue();
    assertThat(scopes.allows(Scopes.commandWrite("customer.upsert"))).isFalse();
    assertThat(scopes.allows(Scopes.entitiesRead("customer"))).isTrue();
    assertThat(scopes.allows(Scopes.EVENTS_READ)).isTrue();
    assertThat(scopes.allows(Scopes.COMMANDS_READ)).isFalse();
  }

  @Test
  void aPrefixCoversOnlyWholeSegments() {
    Scopes scopes = Scopes.of(List.of("commands:write:order"));

    assertThat(scopes.allows("commands:write:order")).isTrue();
    assertThat(scopes.allows("commands:write:order:x")).isTrue();
    assertThat(scopes.allows("commands:write:orders.place")).isFalse();
    assertThat(scopes.allows("commands:write:order.place")).isFalse();
  }

  @Test
  void starIsEverythingAndNoneIsNothing() {
    assertThat(Scopes.ALL.allows("anything:at:all")).isTrue();
    assertThat(Scopes.NONE.allows(Scopes.EVENTS_READ)).isFalse();
  }
}
