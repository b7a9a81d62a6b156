package io.vigil.client.tower;

import io.vigil.core.channel.ChannelId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes a channel's coverage, a pure function of what the store holds (towers, the latest nonce,
 * receipts) and what the towers answered just now (their channel status).
 */
public final class Coverage {

  private Coverage() {}

  public static CoverageReport of(
      ChannelId channel,
      Optional<Long> latest,
      List<Tower> towers,
      List<TowerReceipt> receipts,
      Map<String, ChannelWatch> watches,
      Instant now,
      Duration unreachableWarnAfter) {
    List<CoverageReport.TowerCoverage> rows = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    boolean settled = watches.values().stream().anyMatch(ChannelWatch::settled);
    for (Tower tower : towers) {
      Optional<TowerReceipt> best =
          receipts.stream()
              .filter(r -> r.towerUrl().equals(tower.url()))
              .max(Comparator.comparingLong(TowerReceipt::nonce));
      boolean holds =
          tower.trusted()
              && best.isPresent()
              && latest.isPresent()
              && best.get().nonce() >= latest.get();
      ChannelWatch watch = watches.get(tower.url());
      String protection = watch == null ? null : watch.protection();
      rows.add(
          new CoverageReport.TowerCoverage(
              tower.url(),
              tower.state(),
              best.map(TowerReceipt::nonce).orElse(null),
              holds,
              best.map(TowerReceipt::receivedAt).orElse(null),
              best.map(TowerReceipt::acceptedAtBlock).orElse(null),
              protection,
              willAct(tower, holds, watch)));
      warnings.addAll(towerWarnings(tower, watch, latest, now, unreachableWarnAfter));
    }
    long holding = rows.stream().filter(CoverageReport.TowerCoverage::holdsLatest).count();
    if (latest.isPresent() && !settled) {
      if (holding == 0) {
        warnings.add(
            0,
            "no tower holds nonce "
                + latest.get()
                + ": the channel is unprotected; run vigil tower retry or add a tower");
      } else if (holding == 1 && towers.size() > 1) {
        warnings.add(0, "only one tower holds nonce " + latest.get());
      } else if (holding == 1) {
        warnings.add(0, "one tower holds nonce " + latest.get() + "; add another for redundancy");
      }
    }
    return new CoverageReport(channel, latest.orElse(null), rows, warnings, settled);
  }

  private static String willAct(Tower tower, boolean holds, ChannelWatch watch) {
    if (!tower.trusted()) {
      return "no: misbehaving (" + tower.reason() + ")";
    }
    if (watch != null && watch.answered()) {
      String protection = watch.protection();
      if (protection == null) {
        return watch.settled() ? "no: the channel settled" : "no: the tower holds no state";
      }
      return switch (protection) {
        case "PROTECTED" -> "yes: protected";
        case "PENDING" -> "yes, once the channel is on chain: " + watch.protectionReason();
        case "AT_RISK" -> "at risk: " + watch.protectionReason();
        default -> "unknown: " + watch.protectionReason();
      };
    }
    var policy = tower.pinned().policy();
    String terms =
        "challenge period >= "
            + policy.minChallengePeriodSeconds()
            + " s, value at stake >= "
            + policy.minValueAtStakeWei()
            + " wei";
    return holds
        ? "accepted under its policy (" + terms + "); live protection not checked"
        : "no receipt for the latest nonce (policy: " + terms + ")";
  }

  private static List<String> towerWarnings(
      Tower tower,
      ChannelWatch watch,
      Optional<Long> latest,
      Instant now,
      Duration unreachableWarnAfter) {
    List<String> warnings = new ArrayList<>();
    if (tower.state() == TowerState.MISBEHAVING) {
      warnings.add(tower.url() + " is misbehaving: remove it (vigil tower remove)");
    }
    if (tower.state() == TowerState.UNREACHABLE
        && Duration.between(tower.since(), now).compareTo(unreachableWarnAfter) >= 0) {
      warnings.add(tower.url() + " has been unreachable since " + tower.since());
    }
    if (watch != null && "AT_RISK".equals(watch.protection())) {
      warnings.add(tower.url() + " reports AT_RISK: " + watch.protectionReason());
    }
    if (watch != null
        && watch.heldNonce() != null
        && latest.isPresent()
        && watch.heldNonce() < latest.get()) {
      warnings.add(
          tower.url() + " holds nonce " + watch.heldNonce() + ", not the latest " + latest.get());
    }
    return warnings;
  }
}
