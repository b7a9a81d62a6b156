package io.vigil.client.cli;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.routing.OriginationOutcome;
import io.vigil.client.routing.RoutingClient;
import io.vigil.client.routing.RoutingServer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code vigil route originate} command: a recipient's routing message, to its servers. */
@Command(
    name = "originate",
    mixinStandardHelpOptions = true,
    description =
        "Sign a routing message {hash, amount} for each routing server you have a link with, and"
            + " send it there. Exit 0 when every server recorded it, 6 when only some did.")
public final class RouteOriginateCommand extends KitCommand implements Callable<Integer> {

  @Option(
      names = "--server",
      required = true,
      paramLabel = "URL",
      description = "A routing server's base URL; repeat for several.")
  List<String> servers;

  @Option(
      names = "--server-address",
      paramLabel = "0xADDRESS",
      description =
          "The node address of the --server in the same position (the text is signed for it)."
              + " Without it, the address the server names at /v1/landmark/server is used.")
  List<String> addresses = new ArrayList<>();

  @Option(
      names = "--hash",
      required = true,
      paramLabel = "0xHASH",
      description = "The payment hash (see vigil route hash).")
  String hash;

  @Option(
      names = "--amount",
      required = true,
      paramLabel = "N",
      description = "What you are to receive, in the unit of your link with each server.")
  BigDecimal amount;

  @Option(
      names = "--expires-in",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description =
          "How long the signed origination is good for (servers refuse more than 10 minutes)."
              + " Default: ${DEFAULT-VALUE}.")
  long expiresIn;

  @Mixin KeyOption key;

  @Override
  public Integer call() {
    if (!addresses.isEmpty() && addresses.size() != servers.size()) {
      throw VigilClientException.of(
          ErrorCode.USAGE, "give one --server-address per --server, in the same order, or none");
    }
    if (expiresIn < 1) {
      throw VigilClientException.of(ErrorCode.USAGE, "--expires-in must be at least 1 second");
    }
    List<RoutingServer> targets = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      targets.add(
          addresses.isEmpty()
              ? RoutingServer.at(servers.get(i))
              : RoutingServer.pinned(servers.get(i), addresses.get(i)));
    }
    long expires = Instant.now().getEpochSecond() + expiresIn;
    List<OriginationOutcome> outcomes;
    try (RoutingClient client = RoutingClient.create()) {
      outcomes = client.originateAll(targets, hash, amount, expires, key.signer());
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("hash", hash.toLowerCase(java.util.Locale.ROOT));
    view.put("expires", expires);
    view.put("servers", RouteViews.originations(outcomes));
    output()
        .result(
            view,
            outcomes.stream().map(RouteViews::originationLine).collect(Collectors.joining("\n")));
    return exitCode(outcomes);
  }

  /**
   * 0 when every server recorded it; 6 when some did; else 3 when every failure may pass on a
   * retry, 1 otherwise (dropped or refused).
   */
  static int exitCode(List<OriginationOutcome> outcomes) {
    long recorded = outcomes.stream().filter(OriginationOutcome::recorded).count();
    if (recorded == outcomes.size()) {
      return ExitCodes.OK;
    }
    if (recorded > 0) {
      return ExitCodes.PARTIAL;
    }
    boolean retryable =
        outcomes.stream()
            .allMatch(o -> o instanceof OriginationOutcome.Failed f && f.code().retryable());
    return retryable ? ExitCodes.RETRYABLE : ExitCodes.REFUSED;
  }
}
