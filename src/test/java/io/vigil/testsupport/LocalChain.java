package io.vigil.testsupport;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the local run puts on its fresh anvil chain before Vigil starts, and the configuration that
 * points Vigil at it: a channel hub deployed by development account 0, the relay's hot key
 * (development account 8, also the watcher's hunter) and the receipt key (account 7). These are
 * anvil's public development keys, never to be used for value.
 */
final class LocalChain {

  private static final String HUB_FILE = "hub-address";

  private LocalChain() {}

  /** Prepares the chain and returns the Vigil properties that use it. */
  static Map<String, String> prepare(Anvil anvil, Path home) {
    String hub;
    try (ChannelDriver driver = ChannelDriver.deploy(anvil.rpcUrl(), Anvil.DEV_KEYS.get(0))) {
      hub = driver.hub();
    }
    try {
      java.nio.file.Files.writeString(home.resolve(HUB_FILE), hub);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String hunterKey = Anvil.DEV_KEYS.get(8);
    return Map.of(
        "vigil.chain.hub-address",
        hub,
        "vigil.chain.monitor.start-block",
        "0",
        "vigil.relay.hot-keys",
        hunterKey,
        "vigil.watcher.hunter-address",
        ChannelDriver.address(hunterKey),
        "vigil.watcher.receipt-key",
        Anvil.DEV_KEYS.get(7));
  }

  /** Lines printed under the URLs, describing what was prepared. */
  static List<String> describe(Path home) {
    try {
      String hub = java.nio.file.Files.readString(home.resolve(HUB_FILE));
      return List.of(
          "Channel hub  " + hub,
          "Hunter       " + ChannelDriver.address(Anvil.DEV_KEYS.get(8)) + " (relay hot key)");
    } catch (java.io.IOException e) {
      return List.of();
    }
  }
}
