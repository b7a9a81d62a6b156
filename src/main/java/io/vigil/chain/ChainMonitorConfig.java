package io.vigil.chain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the chain-following role (the endpoints and hub address are in vigil.chain). */
@ConfigMapping(prefix = "vigil.chain.monitor")
public interface ChainMonitorConfig {

  /** Blocks on top of a block before it is processed; 0 processes the head itself. */
  @WithDefault("2")
  int confirmations();

  /**
   * Block to start from when no cursor is stored (the hub's deployment block). Unset: start at the
   * current confirmed head, ignoring history.
   */
  Optional<Long> startBlock();

  /** How often the head is polled when the follower is up to date. */
  @WithDefault("1s")
  Duration pollInterval();

  /** Recent blocks kept for reorg detection; a reorg deeper than this stops the follower. */
  @WithDefault("128")
  int reorgWindow();

  /**
   * Newest blocks below the confirmed head that are always followed block by block, checking each
   * parent hash (their headers are asked in one batch); older ones are read in eth_getLogs ranges.
   */
  @WithDefault("64")
  int safeDepth();

  /**
   * Fewest blocks in one range read during catch-up: blocks below the safe depth are split into at
   * most parallel-ranges ranges of at least this many blocks (fewer blocks make one range), and of
   * at most vigil.chain.max-log-range (as shrunk after a refusal) each, so that each range is one
   * eth_getLogs call; only a span longer than parallel-ranges times that cap takes more ranges.
   */
  @WithDefault("2000")
  int rangeBlocks();

  /**
   * Range reads in flight at once during catch-up, and threads of the follower's read pool (made on
   * first use, kept until shutdown); their results are applied in block order.
   */
  @WithDefault("4")
  int parallelRanges();

  /** How often a standby tries to take the lease held by the active follower. */
  @WithDefault("1s")
  Duration leaseRetry();

  /** PostgreSQL advisory-lock key that elects the one active follower per database. */
  @WithDefault("7311001")
  long leaseKey();
}
