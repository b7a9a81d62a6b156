package io.vigil.client.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command takes: where the client keeps its local store, and whether to answer in
 * JSON. Declared once on the root command and inherited by every subcommand.
 */
public final class CliOptions {

  @Option(
      names = "--home",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      description =
          "Directory of the local store (client.db). Default: $VIGIL_CLIENT_HOME, else"
              + " ~/.vigil-client.")
  Path home;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Answer with one JSON document on stdout (errors too), for scripts.")
  boolean json;

  /** The local store's directory, created when missing. */
  public Path home() {
    Path dir = home;
    if (dir == null) {
      String env = System.getenv("VIGIL_CLIENT_HOME");
      dir =
          env != null && !env.isBlank()
              ? Path.of(env)
              : Path.of(System.getProperty("user.home"), ".vigil-client");
    }
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException unwritable) {
      throw io.vigil.client.VigilClientException.of(
          io.vigil.client.ErrorCode.STORE, "cannot create " + dir + ": " + unwritable.getMessage());
    }
    return dir;
  }

  /** The SQLite file of the local store: every part of the kit keeps its tables in it. */
  public Path database() {
    return home().resolve("client.db");
  }

  public boolean json() {
    return json;
  }
}
