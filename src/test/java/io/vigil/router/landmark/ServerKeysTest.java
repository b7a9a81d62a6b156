package io.vigil.router.landmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Trust on first use: a key pinned for a server is kept while the contact stays on it. */
class ServerKeysTest {

  private static final String KEY = "0x" + "ab".repeat(20);
  private static final Contact.Terms TERMS = new Contact.Channel(1, 1);

  @Test
  void shouldKeepThePinnedKeyWhenTheContactStaysOnTheSameServer() {
    Contact existing = new Contact("Alice", "Dave", "https://d.example", KEY, TERMS);

    assertThat(ServerKeys.kept("https://d.example", Optional.of(existing))).contains(KEY);
  }

  @Test
  void shouldPinAgainWhenTheContactIsNewMovesOrHasNoKeyYet() {
    Contact moved = new Contact("Alice", "Dave", "https://d.example", KEY, TERMS);
    Contact unpinned = new Contact("Alice", "Dave", "https://e.example", TERMS);

    assertThat(ServerKeys.kept("https://e.example", Optional.empty())).isEmpty();
    assertThat(ServerKeys.kept("https://e.example", Optional.of(moved))).isEmpty();
    assertThat(ServerKeys.kept("https://e.example", Optional.of(unpinned))).isEmpty();
  }
}
