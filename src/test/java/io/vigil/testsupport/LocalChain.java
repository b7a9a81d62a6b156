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
 * points Vigil at it: the ChannelHub, deployed by anvil's dev account 0; the relay's hot key (dev
 * account 8), which is also the watcher's hunter; and the watcher's receipt key (dev account 7).
 * These are anvil's public development keys, never to be used for value.
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
    String hunterKey = Anvil.DEV_KEYS.get(8);
    return Map.of(
        "vigil.chain.hub-address",
        hub.hex(),
        "vigil.chain.monitor.start-block",
        "0",
        "vigil.relay.hot-keys",
        hunterKey,
        "vigil.relay.post-keys",
        Anvil.DEV_KEYS.get(9),
        "vigil.watcher.hunter-address",
        HubFixture.address(hunterKey),
        "vigil.watcher.receipt-key",
        Anvil.DEV_KEYS.get(7));
  }

  /** Lines printed under the URLs, describing what was prepared. */
  static List<String> describe(Path home) {
    Path file = home.resolve(HUB_FILE);
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return List.of(
          "Channel hub  " + Files.readString(file).strip() + " (deployed by anvil dev account 0)",
          "Hunter       " + HubFixture.address(Anvil.DEV_KEYS.get(8)) + " (relay dispute key)",
          "State poster " + HubFixture.address(Anvil.DEV_KEYS.get(9)) + " (relay post key)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
