package io.vigil.watcher;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the watchtower role. */
@ConfigMapping(prefix = "vigil.watcher")
public interface WatcherConfig {

  /**
   * Relay hot-key address that sends the watcher's disputes, settles and bounty withdrawals, and
   * that clients name in their hunter authorization. Required when the watcher role runs.
   */
  Optional<String> hunterAddress();

  /** Private key (0x hex) the watcher signs delegation receipts with. Never logged or returned. */
  Optional<String> receiptKey();

  /** How long a state for a channel not yet seen on chain is held before it is dropped. */
  @WithDefault("24h")
  Duration pendingExpiry();

  /** Channels one client (channel key) may have watched at once. */
  @WithDefault("100")
  int maxChannelsPerClient();

  /** Delegations one client may submit per second, on average. */
  @WithDefault("20")
  double ratePerSecond();

  /** Delegations one client may submit in a burst above the average rate. */
  @WithDefault("40")
  int rateBurst();

  /**
   * Most delegations one batch request may carry ({@code POST /v1/watcher/delegations/batch}); the
   * 64 KiB body limit holds as well, and fits about 90.
   */
  @WithDefault("64")
  int maxBatch();

  /** How often deadlines are checked against the chain's latest block time. */
  @WithDefault("1s")
  Duration deadlinePollInterval();

  /**
   * After the relay reports a dispute or settle FAILED (refused before signing, or reverted), the
   * channel's next attempt waits this long, so a request the relay will refuse again (a value at
   * stake below the cost of landing it) is not asked for in a loop. A CANCELLED one is asked for
   * again at once.
   */
  @WithDefault("15s")
  Duration failedRetryInterval();

  /** How often transaction requests that were written but not yet published are published. */
  @WithDefault("2s")
  Duration outboxInterval();

  /** How long the chain head read for receipts and deadlines may be reused. */
  @WithDefault("250ms")
  Duration headCacheTime();
}
