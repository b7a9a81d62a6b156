package io.vigil.client.cli;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.http.Logins;
import io.vigil.client.sign.Signer;
import io.vigil.client.tower.CoverageReport;
import io.vigil.client.tower.Tower;
import io.vigil.core.channel.ChannelId;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code vigil state coverage} command: which towers hold a channel's latest nonce, since when,
 * whether they will act, and warnings before protection lapses. With a key (a party of the channel)
 * each tower is also asked for its live status. Exit 0 when a tower holds the latest nonce (or the
 * channel settled), 6 when none does.
 */
@Command(
    name = "coverage",
    mixinStandardHelpOptions = true,
    description = "Which towers hold the channel's latest state, and whether they will act.")
public final class StateCoverageCommand extends KitCommand implements Callable<Integer> {

  @Parameters(paramLabel = "CHANNEL", description = "Channel id, 0x and 64 hex digits.")
  String channel;

  @Option(
      names = "--audience",
      defaultValue = "vigil",
      description = "The towers' login audience (vigil.auth.audience); default vigil.")
  String audience;

  @Mixin KeyOption key;

  @Override
  public Integer call() {
    ChannelId id;
    try {
      id = ChannelId.of(channel);
    } catch (IllegalArgumentException malformed) {
      throw VigilClientException.of(ErrorCode.USAGE, "CHANNEL: " + malformed.getMessage());
    }
    Signer signer = hasKey() ? key.signer() : null;
    try (TowerKit kit = TowerKit.open(options())) {
      kit.notifications.subscribe(n -> output().note("notification: " + n.kind() + " " + n));
      Function<Tower, Supplier<String>> bearers =
          signer == null
              ? null
              : tower ->
                  new Logins(
                      new io.vigil.client.http.JsonHttp(tower.url()),
                      signer,
                      audience,
                      Clock.systemUTC());
      CoverageReport report = kit.towers.watch().check(id, bearers);
      output().result(TowerViews.coverage(report), TowerViews.coverageText(report));
      boolean covered =
          report.settled() || report.latestNonce() == null || report.holdingLatest() > 0;
      return covered ? ExitCodes.OK : ExitCodes.PARTIAL;
    }
  }

  private boolean hasKey() {
    return key.key != null || System.getenv("VIGIL_KEY") != null;
  }
}
