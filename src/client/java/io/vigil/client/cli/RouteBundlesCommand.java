package io.vigil.client.cli;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.routing.BundleFollower;
import io.vigil.client.routing.FollowReport;
import io.vigil.client.routing.RoutingClient;
import io.vigil.client.routing.RoutingCursorStore;
import io.vigil.client.routing.RoutingServer;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code vigil route bundles} command: follow a server's numbered bundles once. */
@Command(
    name = "bundles",
    mixinStandardHelpOptions = true,
    description =
        "Read a routing server's new bundles since the stored cursor, verify each against the"
            + " server's node address, and report gaps, table changes, replays and forgeries."
            + " Exit 4 when the server misbehaved.")
public final class RouteBundlesCommand extends KitCommand implements Callable<Integer> {

  @Option(names = "--server", required = true, paramLabel = "URL", description = "Base URL.")
  String server;

  @Option(
      names = "--server-address",
      paramLabel = "0xADDRESS",
      description =
          "The server's node address to verify bundles against. Default: the one pinned on the"
              + " stored cursor, else the one the server names at /v1/landmark/server.")
  String address;

  @Option(
      names = "--from",
      paramLabel = "N",
      description = "Read from this seq (inclusive) instead of after the stored cursor.")
  Long from;

  @Override
  public Integer call() {
    if (from != null && from < 1) {
      throw VigilClientException.of(ErrorCode.USAGE, "--from starts at 1");
    }
    RoutingServer target =
        address == null ? RoutingServer.at(server) : RoutingServer.pinned(server, address);
    FollowReport report;
    try (RoutingClient client = RoutingClient.create()) {
      BundleFollower follower =
          BundleFollower.open(
              target,
              new RoutingCursorStore(options().database()),
              client,
              JsonHttp.Limits.DEFAULT,
              Clock.systemUTC());
      report = follower.follow(from == null ? OptionalLong.empty() : OptionalLong.of(from));
    }
    output().result(RouteViews.follow(report), RouteViews.followText(report));
    return report.misbehaving() ? ExitCodes.MISBEHAVING : ExitCodes.OK;
  }
}
