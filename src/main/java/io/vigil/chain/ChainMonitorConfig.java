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
   * Most eth_getLogs ranges (each at most vigil.chain.max-log-range, as currently shrunk) for the
   * blocks below the safe depth in one step; they are asked in the step's one JSON-RPC batch, with
   * its headers. A longer catch-up takes several steps.
   */
  @WithDefault("8")
  int rangesPerStep();

  /** How often a standby tries to take the lease held by the active follower. */
  @WithDefault("1s")
  Duration leaseRetry();

  /** PostgreSQL advisory-lock key that elects the one active follower per database. */
  @WithDefault("7311001")
  long leaseKey();
}
