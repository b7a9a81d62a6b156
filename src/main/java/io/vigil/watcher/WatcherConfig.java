package io.vigil.watcher;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigInteger;
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

  /**
   * Most states held for channels not seen on chain yet, by all clients together; a delegation that
   * would add one more is refused with 429 until one opens or expires.
   */
  @WithDefault("100000")
  long maxPendingStates();

  /**
   * Delegations one client may submit per second, on average, to all watcher replicas together (the
   * buckets are shared in PostgreSQL).
   */
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
   * channel's next attempt waits this long, doubled for each further failure in a row up to 40
   * times as long, so a request the relay will refuse again (a value at stake below the cost of
   * landing it) is not asked for in a loop. A CANCELLED one is asked for again at once.
   */
  @WithDefault("15s")
  Duration failedRetryInterval();

  /** How often transaction requests that were written but not yet published are published. */
  @WithDefault("2s")
  Duration outboxInterval();

  /** How long the chain head read for receipts, deadlines and dispute pricing may be reused. */
  @WithDefault("250ms")
  Duration headCacheTime();

  /** Which channels the watcher takes on, and when a held channel's dispute no longer pays. */
  Policy policy();

  /**
   * The watch policy ({@code vigil.watcher.policy.*}), published on {@code GET /v1/watcher/info}.
   * docs/operations.md#watch-policy explains the defaults.
   */
  interface Policy {

    /**
     * Shortest challenge period (fixed when a channel is opened) of a channel the watcher accepts
     * states for: the time it has to see a stale close and get its dispute included.
     */
    @WithDefault("1h")
    Duration minChallengePeriod();

    /**
     * Least value at stake (wei) of a delegation the watcher accepts: the delegating party's
     * balance in the state plus the bounty a dispute earns. The default, 0.15 ether, is {@code
     * dispute-gas} (150,000) x a high base fee (200 gwei) x a safety factor of 5.
     */
    @WithDefault("150000000000000000")
    BigInteger minValueAtStake();

    /**
     * Gas one dispute is priced at: the measured dispute (81,553, docs/gas.md) with the relay's gas
     * margin and room to spare, as {@code vigil.relay.reserve.dispute-gas}.
     */
    @WithDefault("150000")
    long disputeGas();

    /**
     * A held channel is reported at risk when its value at stake is below {@code dispute-gas} x the
     * next block's base fee x this factor (2: the base fee may double before the dispute lands).
     */
    @WithDefault("2")
    int priceMargin();

    /** How often held channels are priced against the next base fee for the at-risk gauge. */
    @WithDefault("12s")
    Duration priceCheckInterval();
  }
}
