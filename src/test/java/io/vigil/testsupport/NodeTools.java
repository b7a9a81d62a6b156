package io.vigil.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the pinned chain tools (anvil, cast) that {@code npm ci} installs under node_modules. */
public final class NodeTools {

  private NodeTools() {}

  public static Path nodeModules() {
    String configured = System.getProperty("vigil-test.node-modules");
    Path path = configured != null ? Path.of(configured) : Path.of("node_modules");
    return path.toAbsolutePath();
  }

  /** {@code anvil} or {@code cast}, from its platform package. */
  public static Path binary(String tool) {
    Path binary = nodeModules().resolve("@foundry-rs/" + tool + "-linux-amd64/bin/" + tool);
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          tool + " not found at " + binary + ": run the build (it runs npm ci) first");
    }
    return binary;
  }
}
