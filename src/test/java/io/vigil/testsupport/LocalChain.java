package io.vigil.testsupport;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the local run puts on its fresh anvil chain before Vigil starts, and the configuration that
 * points Vigil at it.
 */
final class LocalChain {

  private LocalChain() {}

  /** Prepares the chain and returns the Vigil properties that use it. */
  static Map<String, String> prepare(Anvil anvil, Path home) {
    return Map.of();
  }

  /** Lines printed under the URLs, describing what was prepared. */
  static List<String> describe(Path home) {
    return List.of();
  }
}
