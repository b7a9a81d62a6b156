package io.vigil.client.cli;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.core.protocol.PaymentHashes;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code vigil route hash} command: the payment hash of a secret. */
@Command(
    name = "hash",
    mixinStandardHelpOptions = true,
    description =
        "Compute the payment hash of a payment secret (SHA-256 of its bytes), as the recipient"
            + " originates and the sender polls for it.")
public final class RouteHashCommand extends KitCommand implements Callable<Integer> {

  @Option(
      names = "--secret",
      required = true,
      paramLabel = "0xHEX",
      description = "The payment secret, 0x and an even number of hex digits (32 bytes usual).")
  String secret;

  @Override
  public Integer call() {
    if (secret == null || !secret.matches("0x([0-9a-fA-F]{2})+")) {
      throw VigilClientException.of(
          ErrorCode.USAGE, "--secret takes 0x and an even number of hex digits");
    }
    String hash = PaymentHashes.of(HexFormat.of().parseHex(secret.substring(2)));
    output().result(Map.of("hash", hash), hash);
    return ExitCodes.OK;
  }
}
