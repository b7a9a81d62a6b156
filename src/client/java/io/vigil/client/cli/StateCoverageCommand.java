package io.vigil.client.cli;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.events.Notification;
import io.vigil.client.http.Logins;
import io.vigil.client.sign.Signer;
import io.vigil.client.tower.CoverageReport;
import io.vigil.client.tower.ProtectionLapsing;
import io.vigil.client.tower.Tower;
import io.vigil.client.tower.TowerDisputed;
import io.vigil.core.channel.ChannelId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * each tower is also asked for its live status; what that makes the kit notify (a tower disputed,
 * protection lapsing) is listed in the answer's {@code notifications}. Exit 0 when a tower holds
 * the latest nonce (or the channel settled), 6 when none does.
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
      List<Notification> heard = new ArrayList<>();
      kit.notifications.subscribe(
          n -> {
            heard.add(n);
            output().note("notification: " + n.kind() + " " + n);
          });
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
      Map<String, Object> view = TowerViews.coverage(report);
      view.put("notifications", heard.stream().map(StateCoverageCommand::notification).toList());
      output().result(view, TowerViews.coverageText(report));
      boolean covered =
          report.settled() || report.latestNonce() == null || report.holdingLatest() > 0;
      return covered ? ExitCodes.OK : ExitCodes.PARTIAL;
    }
  }

  /** A notification as the JSON answer lists it: its kind, when, and what it says. */
  private static Map<String, Object> notification(Notification notification) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("kind", notification.kind());
    view.put("at", TowerViews.time(notification.at()));
    switch (notification) {
      case TowerDisputed disputed -> {
        view.put("tower", disputed.url());
        view.put("channelId", disputed.channelId().hex());
        view.put("disputedNonce", disputed.disputedNonce());
        view.put("outcome", disputed.outcome());
      }
      case ProtectionLapsing lapsing -> view.put("warnings", lapsing.warnings());
      default -> {}
    }
    return view;
  }

  private boolean hasKey() {
    return key.key != null || System.getenv("VIGIL_KEY") != null;
  }
}
