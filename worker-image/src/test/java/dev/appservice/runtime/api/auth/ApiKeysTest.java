package dev.appservice.runtime.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {
  @Test
  void aKeyIsKnownByItsHashAndCarriesItsNameAndScopes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys");
    Files.writeString(
        file,
        "# CI\nci " + ApiKeys.hashOf("s3cret") + " commands:write  events:read # the bot\n\n");
    ApiKeys keys = ApiKeys.load(file);

    Caller caller = keys.authenticate("s3cret").orElseThrow();
    assertThat(caller.type()).isEqualTo(Caller.API_KEY);
    assertThat(caller.id()).isEqualTo("ci");
    assertThat(caller.scopes().allows(Scopes.commandWrite("a.b"))).isTrue();
    assertThat(caller.scopes().allows(Scopes.COMMANDS_READ)).isFalse();
    assertThat(keys.authenticate("s3cret ")).isEmpty();
    assertThat(keys.authenticate("")).isEmpty();
  }

  @Test
  void malformedLinesAreNamed() {
    String hash = ApiKeys.hashOf("k");
    assertThatThrownBy(() -> ApiKeys.parse("a " + hash))
        .hasMessageContaining("line 1")
        .hasMessageContaining("<name> sha256:<hex> <scope>");
    assertThatThrownBy(() -> ApiKeys.parse("\nbad/name " + hash + " x"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("key name");
    assertThatThrownBy(() -> ApiKeys.parse("a plaintextkey x"))
        .hasMessageContaining("sha256sum of the key");
    assertThatThrownBy(() -> ApiKeys.parse("a " + hash + " x\na " + hash + " y"))
        .hasMessageContaining("used twice");
    assertThatThrownBy(() -> ApiKeys.parse("a " + hash + " sc\"ope"))
        .hasMessageContaining("is not a scope");
  }

  @Test
  void reloadTakesANewFileAndKeepsTheLastGoodOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys");
    Files.writeString(file, "one " + ApiKeys.hashOf("k1") + " *\n");
    ApiKeys keys = ApiKeys.load(file);

    Files.writeString(file, "two " + ApiKeys.hashOf("k2") + " *\n");
    keys.reload();
    assertThat(keys.authenticate("k1")).isEmpty();
    assertThat(keys.authenticate("k2")).isPresent();

    Files.writeString(file, "garbage\n");
    keys.reload();
    assertThat(keys.authenticate("k2")).isPresent();

    Files.delete(file);
    keys.reload();
    assertThat(keys.authenticate("k2")).isPresent();
  }
}
