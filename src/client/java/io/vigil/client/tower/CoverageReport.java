package io.vigil.client.tower;

import io.vigil.core.channel.ChannelId;
import java.time.Instant;
import java.util.List;

/**
 * Who protects a channel: for each tower whether it holds the latest nonce (by its receipt) and
 * since when, whether its policy and current protection say it will act, and warnings before
 * protection lapses.
 */
public record CoverageReport(
    ChannelId channelId,
    Long latestNonce,
    List<TowerCoverage> towers,
    List<String> warnings,
    boolean settled) {

  public CoverageReport {
    towers = List.copyOf(towers);
    warnings = List.copyOf(warnings);
  }

  /** One tower's part in a channel's protection. */
  public record TowerCoverage(
      String url,
      TowerState state,
      Long receiptNonce,
      boolean holdsLatest,
      Instant since,
      Long acceptedAtBlock,
      String protection,
      String willAct) {}

  public long holdingLatest() {
    return towers.stream().filter(TowerCoverage::holdsLatest).count();
  }
}
