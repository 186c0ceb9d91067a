package dev.appservice.runtime.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.appservice.runtime.api.problem.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {
  @Test
  void anonymousAccessStillChecksCredentialsThatArePresented(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys");
    Files.writeString(file, "ci " + ApiKeys.hashOf("good") + " events:read\n");
    Authenticator auth = new Authenticator(Optional.empty(), Optional.of(ApiKeys.load(file)), true);

    assertThat(auth.authenticate(Optional.empty(), Optional.empty())).isEqualTo(Caller.ANONYMOUS);
    assertThat(auth.authenticate(Optional.empty(), Optional.of("good")).id()).isEqualTo("ci");
    assertThatThrownBy(() -> auth.authenticate(Optional.empty(), Optional.of("bad")))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(401));
    assertThatThrownBy(() -> auth.authenticate(Optional.of("Bearer x.y.z"), Optional.empty()))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(401))
        .hasMessageContaining("takes no bearer tokens");
  }

  @Test
  void withoutAnonymousAccessNoCredentialsIs401() {
    Authenticator auth = new Authenticator(Optional.empty(), Optional.empty(), false);

    assertThatThrownBy(() -> auth.authenticate(Optional.empty(), Optional.empty()))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(401));
  }

  @Test
  void theCallerNeedsTheScope() {
    Caller caller = new Caller(Caller.API_KEY, "ci", Scopes.of(java.util.List.of("events:read")));

    caller.require(Scopes.EVENTS_READ);
    assertThatThrownBy(() -> caller.require(Scopes.COMMANDS_READ))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(403))
        .hasMessageContaining("commands:read");
  }
}
