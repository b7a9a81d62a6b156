package io.vigil.client.cli;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.sign.KeySigner;
import io.vigil.client.sign.Signer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The caller's key for commands that sign: {@code --key env:NAME} (an environment variable), {@code
 * --key file:PATH} (a file holding the hex key), or {@code --key 0x…} (visible in the process list:
 * for development keys only). Without {@code --key}, {@code $VIGIL_KEY}.
 */
public final class KeyOption {

  @Option(
      names = "--key",
      paramLabel = "env:NAME|file:PATH|0xHEX",
      description = "The signing key. Default: the environment variable VIGIL_KEY.")
  String key;

  /** The signer for the configured key; a usage error when none is configured. */
  public Signer signer() {
    String spec = key;
    if (spec == null) {
      spec = System.getenv("VIGIL_KEY");
      if (spec == null || spec.isBlank()) {
        throw VigilClientException.of(
            ErrorCode.USAGE, "this command signs: give --key or set VIGIL_KEY");
      }
    }
    return KeySigner.of(resolve(spec.trim()));
  }

  static String resolve(String spec) {
    if (spec.startsWith("env:")) {
      String value = System.getenv(spec.substring(4));
      if (value == null || value.isBlank()) {
        throw VigilClientException.of(
            ErrorCode.USAGE, "environment variable " + spec.substring(4) + " is not set");
      }
      return value.trim();
    }
    if (spec.startsWith("file:")) {
      try {
        return Files.readString(Path.of(spec.substring(5))).trim();
      } catch (IOException unreadable) {
        throw VigilClientException.of(
            ErrorCode.USAGE, "cannot read the key file " + spec.substring(5));
      }
    }
    if (spec.matches("0x[0-9a-fA-F]{64}")) {
      return spec;
    }
    throw VigilClientException.of(
        ErrorCode.USAGE, "--key takes env:NAME, file:PATH or 0x and 64 hex digits");
  }
}
