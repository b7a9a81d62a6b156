package io.vigil.testsupport;

import io.vigil.core.crypto.Address;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the local run puts on its fresh anvil chain before Vigil starts, and the configuration that
 * points Vigil at it: the ChannelHub, deployed by anvil's dev account 0.
 */
final class LocalChain {

  private static final String HUB_FILE = "hub-address";

  private LocalChain() {}

  /** Prepares the chain and returns the Vigil properties that use it. */
  static Map<String, String> prepare(Anvil anvil, Path home) {
    Address hub = HubFixture.deployHub(anvil.rpcUrl(), HubFixture.devKey(0));
    try {
      Files.writeString(home.resolve(HUB_FILE), hub.hex());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.of("vigil.chain.hub-address", hub.hex());
  }

  /** Lines printed under the URLs, describing what was prepared. */
  static List<String> describe(Path home) {
    Path file = home.resolve(HUB_FILE);
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return List.of(
          "Channel hub  " + Files.readString(file).strip() + " (deployed by anvil dev account 0)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
