package io.vigil.router.reactive;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the reactive payment routing server (role {@code router}). */
@ConfigMapping(prefix = "vigil.router")
public interface RouterConfig {

  /**
   * The server's identity key (hex secp256k1 private key); its address names this server as a next
   * hop, and bundles are signed with it. Unset: a random key for this run only, with a warning
   * (peers that pin our address will then reject our bundles).
   */
  Optional<String> nodeKey();

  /** Name of this server's home unit; entries and {@code /messagesByHash} answers use it. */
  @WithDefault("ETH")
  String homeUnit();

  /**
   * How often the queue of outgoing routing messages is cut into a bundle. The scheduler runs jobs
   * at most once a second, so values below 1s act as 1s.
   */
  @WithDefault("1s")
  Duration flushInterval();

  /** With nothing queued, an empty bundle (heartbeat) is cut when the last bundle is this old. */
  @WithDefault("10s")
  Duration heartbeatInterval();

  /** How long a routing entry is used after it was recorded. */
  @WithDefault("10m")
  Duration entryExpiry();

  /** How long the liquidity for an accepted route stays reserved unless the payment completes. */
  @WithDefault("10m")
  Duration reservationExpiry();

  /**
   * Furthest in the future an origination's {@code expires} may lie; a later one is refused, so a
   * signed origination is good for a short while only.
   */
  @WithDefault("10m")
  Duration originationMaxLifetime();

  /** Hops an originated message may travel (its TTL); each server forwards with one less. */
  @WithDefault("32")
  int messageTtl();

  /** Most bundles one {@code /messageBundles} request may ask for. */
  @WithDefault("100")
  int bundleRangeCap();

  /**
   * Most answers of {@code /messagesByHash} this replica keeps in memory (the oldest go first when
   * full); 0 turns the cache off.
   */
  @WithDefault("10000")
  int answerCacheSize();

  /**
   * How long this replica serves a cached {@code /messagesByHash} answer (never past the entry's
   * expiry). A write on this replica drops it at once; another replica's write is seen here at most
   * this late. 0 turns the cache off.
   */
  @WithDefault("1s")
  Duration answerCacheValidity();

  /** Most messages cut into one bundle; the rest wait for the next flush. */
  @WithDefault("1000")
  int maxMessagesPerBundle();

  /** Bundles older than this are trimmed (keep it at least the entry expiry). */
  @WithDefault("1h")
  Duration bundleRetention();

  /** At most this many newest bundles are kept. */
  @WithDefault("100000")
  int bundleRetentionCount();

  /** How often expired entries are deleted and old bundles trimmed. */
  @WithDefault("10s")
  Duration housekeepingInterval();

  /** How often server neighbours are polled for new bundles. */
  @WithDefault("1s")
  Duration pollInterval();

  /** Longest wait between polls of an unreachable or misbehaving neighbour. */
  @WithDefault("30s")
  Duration maxBackoff();

  /** Timeout of one HTTP request to a neighbour. */
  @WithDefault("5s")
  Duration requestTimeout();

  /**
   * Routing messages one light client may originate ({@code POST /v1/routing/originations}) per
   * second, on average, on all router replicas together; more answer 429.
   */
  @WithDefault("1")
  double originationRatePerClient();

  /** Originations one light client may send in a burst above the average rate. */
  @WithDefault("10")
  int originationBurstPerClient();
}
