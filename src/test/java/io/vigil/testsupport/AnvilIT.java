package io.vigil.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AnvilIT {

  /** Anvil's first unlocked development account and its second. */
  private static final String FROM = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

  private static final String TO = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

  @Test
  void shouldKeepOldStatesInItsOwnFolderAndRemoveItWhenClosed() {
    Path folder;
    try (Anvil anvil = Anvil.start(List.of())) {
      folder = anvil.statesFolder();
      // Blocks with transactions: anvil moves the older ones' states out of memory.
      anvil.mine(300);
      for (int i = 0; i < 300; i++) {
        assertThat(
                anvil.rpc(
                    "eth_sendTransaction",
                    "[{\"from\":\"" + FROM + "\",\"to\":\"" + TO + "\",\"value\":\"0x1\"}]"))
            .contains("\"result\"");
      }
      Await.until(
          "states persisted in the chain's own folder",
          Duration.ofSeconds(10),
          () -> {
            try (Stream<Path> files = Files.list(folder)) {
              return files.findAny().isPresent();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    assertThat(Files.exists(folder)).as("%s removed on close", folder).isFalse();
  }
}
