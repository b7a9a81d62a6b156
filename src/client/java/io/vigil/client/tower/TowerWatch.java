package io.vigil.client.tower;

import io.vigil.client.VigilClientException;
import io.vigil.client.events.Notifications;
import io.vigil.client.store.TowerStore;
import io.vigil.core.channel.ChannelId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Watches channels through their towers: asks each tower for the channel's status (concurrently, as
 * a party of the channel), computes coverage, publishes {@link TowerDisputed} once per dispute seen
 * and {@link ProtectionLapsing} when coverage is thin, and prunes a channel a tower saw settle.
 */
public final class TowerWatch {

  private final TowerStore store;
  private final Notifications notifications;
  private final Clock clock;
  private final Function<String, TowerClient> clients;
  private final Duration unreachableWarnAfter;
  private final Set<String> disputesSeen = ConcurrentHashMap.newKeySet();

  TowerWatch(
      TowerStore store,
      Notifications notifications,
      Clock clock,
      Function<String, TowerClient> clients,
      Duration unreachableWarnAfter) {
    this.store = Objects.requireNonNull(store, "store");
    this.notifications = Objects.requireNonNull(notifications, "notifications");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.unreachableWarnAfter =
        Objects.requireNonNull(unreachableWarnAfter, "unreachableWarnAfter");
  }

  /**
   * Each trusted tower's status of the channel. {@code bearers} gives the login for a tower, or
   * null to not ask that tower.
   */
  public Map<String, ChannelWatch> poll(
      ChannelId channel, Function<Tower, Supplier<String>> bearers) {
    Map<String, CompletableFuture<ChannelWatch>> asked = new LinkedHashMap<>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Tower tower : store.towers()) {
        Supplier<String> bearer = bearers == null ? null : bearers.apply(tower);
        if (!tower.trusted() || bearer == null) {
          continue;
        }
        asked.put(
            tower.url(), CompletableFuture.supplyAsync(() -> ask(tower, channel, bearer), threads));
      }
      Map<String, ChannelWatch> answers = new LinkedHashMap<>();
      asked.forEach((url, answer) -> answers.put(url, answer.join()));
      return answers;
    }
  }

  /**
   * Polls the towers, publishes what changed and returns the channel's coverage. A channel a tower
   * saw settle is pruned from the store after the report is made.
   */
  public CoverageReport check(ChannelId channel, Function<Tower, Supplier<String>> bearers) {
    Map<String, ChannelWatch> watches = poll(channel, bearers);
    Instant now = clock.instant();
    for (ChannelWatch watch : watches.values()) {
      Long disputed = watch.disputedNonce();
      if (disputed != null && disputesSeen.add(watch.url() + channel.hex() + disputed)) {
        notifications.publish(
            new TowerDisputed(now, watch.url(), channel, disputed, watch.status().get("outcome")));
      }
    }
    CoverageReport report =
        Coverage.of(
            channel,
            store.latestNonce(channel),
            store.towers(),
            store.receipts(channel),
            watches,
            now,
            unreachableWarnAfter);
    if (!report.warnings().isEmpty() && !report.settled()) {
      notifications.publish(new ProtectionLapsing(now, channel, report.warnings()));
    }
    if (report.settled()) {
      store.prune(channel);
    }
    return report;
  }

  /** Checks every channel the store holds. */
  public List<CoverageReport> checkAll(Function<Tower, Supplier<String>> bearers) {
    return store.channels().stream().map(channel -> check(channel, bearers)).toList();
  }

  private ChannelWatch ask(Tower tower, ChannelId channel, Supplier<String> bearer) {
    try {
      return ChannelWatch.of(tower.url(), clients.apply(tower.url()).status(channel, bearer));
    } catch (VigilClientException failed) {
      return ChannelWatch.failed(tower.url(), failed.code().code() + ": " + failed.getMessage());
    }
  }
}
