package io.vigil.relay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the transaction relay role (prefix {@code vigil.relay}). */
@ConfigMapping(prefix = "vigil.relay")
public interface RelayConfig {

  /**
   * Dispute keys: private keys (0x + 64 hex) that send disputes, settles and bounty withdrawals,
   * and nothing else. Never logged, never returned by any API. In production they come from a
   * Kubernetes Secret. Unset: the relay sends none of Vigil's own transactions.
   */
  Optional<List<String>> hotKeys();

  /**
   * Post keys: private keys that send the co-signed states clients hand to {@code POST
   * /v1/relay/states} (close, checkpoint, cooperative close), within the {@link #posts()} budget. A
   * key may not also be a dispute key. Unset: state posts are refused.
   */
  Optional<List<String>> postKeys();

  /** Blocks on top of the including block (counting it) before a transaction is confirmed. */
  @WithDefault("3")
  int confirmations();

  /**
   * How often the carrier looks at open transactions, and the outcome publisher at its outbox, when
   * nothing wakes them earlier. Both run on their own threads, so intervals under a second are
   * honoured.
   */
  @WithDefault("250ms")
  Duration trackInterval();

  /**
   * A status read of a transaction that is not final asks the carrier for a pass, at most once per
   * this interval, so a polling client learns of its confirmations without waiting up to a whole
   * {@code track-interval}. 0 turns it off.
   */
  @WithDefault("25ms")
  Duration statusWakeInterval();

  /** How often a replica tries to take the sending leases it does not hold. */
  @WithDefault("1s")
  Duration leaseInterval();

  /**
   * Number of sending leases. Each account belongs to one lease (by a hash of its address); only
   * the replica holding the lease sends and tracks that account's transactions.
   */
  @WithDefault("16")
  int leaseBuckets();

  /** Fee policy. */
  Fees fees();

  /** Budget and limits of client-triggered state posts. */
  Posts posts();

  /**
   * What clients may make the post keys spend. Each post reserves its whole fee ceiling (fee cap x
   * gas limit) when it is accepted; the carrier never pays more than it reserved. The sums are read
   * from the database under a lock, so they hold across every relay replica.
   */
  interface Posts {

    /** Most wei of fees that state posts may reserve in any hour, over all channels. */
    @WithDefault("20000000000000000")
    BigInteger budgetPerHour();

    /** Most wei of fees that the posts of one channel may reserve in any hour. */
    @WithDefault("5000000000000000")
    BigInteger budgetPerChannelPerHour();

    /**
     * A state whose balances add up to less than this (wei) is not posted: posting it would cost
     * more than the channel is worth.
     */
    @WithDefault("100000000000000000")
    BigInteger minChannelValue();

    /**
     * State posts ({@code POST /v1/relay/states}) one channel may ask for per second, on average,
     * from all relay replicas together; more answer 429.
     */
    @WithDefault("0.2")
    double ratePerChannel();

    /** State posts one channel may ask for in a burst above the average rate. */
    @WithDefault("5")
    int burstPerChannel();
  }

  /** Checks on client-signed raw transactions. */
  Raw raw();

  /** Gas reserve of the hot keys. */
  Reserve reserve();

  /**
   * Which status changes of client-signed transactions are published on {@code vigil.tx-outcomes}:
   * {@code final} (only {@code CONFIRMED} and {@code FAILED}) or {@code all}. Clients follow their
   * transactions through the status API; Vigil's own transactions are always published in full.
   */
  @WithDefault("final")
  ClientOutcomes clientOutcomes();

  /** See {@link #clientOutcomes()}. */
  enum ClientOutcomes {
    FINAL,
    ALL
  }

  /** How long the record of each broadcast (who sent what, when) is kept. */
  @WithDefault("P2D")
  Duration sendLogRetention();

  /** EIP-1559 fee policy of Vigil's own transactions. */
  interface Fees {

    /** Lowest priority fee (tip) offered, wei per gas. */
    @WithDefault("1000000000")
    BigInteger minPriorityFee();

    /** maxFeePerGas = base fee x this multiplier (x up to 2 more as the deadline nears) + tip. */
    @WithDefault("2")
    int baseFeeMultiplier();

    /** The tip is multiplied by up to this factor as the deadline nears. */
    @WithDefault("10")
    int urgentPriorityMultiplier();

    /** Time before the deadline when fees start rising; before that a request is not urgent. */
    @WithDefault("10m")
    Duration urgencyWindow();

    /**
     * Minimum increase of both maxFeePerGas and the tip for a replacement, in percent; nodes refuse
     * replacements below 10%.
     */
    @WithDefault("12")
    int bumpPercent();

    /** A transaction not included after this long is re-priced (replaced at the same nonce). */
    @WithDefault("15s")
    Duration bumpAfter();

    /**
     * Ceiling of the whole fee (maxFeePerGas x gas limit), wei, when a request names no value at
     * stake; with a value at stake the ceiling is the smaller of the two.
     */
    @WithDefault("50000000000000000")
    BigInteger defaultCeiling();

    /** Gas limit = estimate x (100 + this) / 100. */
    @WithDefault("25")
    int gasMarginPercent();

    /**
     * Nothing is signed unless its ceiling per gas covers the next base fee raised by this
     * percentage plus the minimum tip: the base fee can rise 12.5% a block, so 25 covers two full
     * blocks in a row.
     */
    @WithDefault("25")
    int landingMarginPercent();

    /**
     * A transaction of Vigil's whose fee cap stays below the base fee for this many blocks in a row
     * while its fee is at its ceiling is cancelled: replaced at its nonce by a zero-value transfer
     * to the sender itself, so the transactions behind it move.
     */
    @WithDefault("5")
    int stuckBlocks();
  }

  /** Limits on client-signed raw transactions. */
  interface Raw {

    /** Hub functions a client may have relayed. */
    @WithDefault("open,deposit,checkpoint,cooperativeClose,close,settle,withdraw")
    List<String> allowedFunctions();

    /** Highest gas limit accepted. */
    @WithDefault("1000000")
    long maxGasLimit();

    /** Lowest gas limit accepted. */
    @WithDefault("21000")
    long minGasLimit();

    /** How far a transaction's nonce may be ahead of the sender's pending nonce. */
    @WithDefault("16")
    long maxNonceAhead();

    /** Longest raw transaction accepted, in hex characters. */
    @WithDefault("20000")
    int maxHexLength();

    /**
     * Most concurrent submissions that share one JSON-RPC batch (three calls each for the checks,
     * one for the broadcast) or one database statement and commit. A lone submission never waits
     * for company; submissions share a step only when {@link #batchesInFlight} batches of it run
     * already. 1: each submission makes its own round trips (for a node that refuses JSON-RPC
     * batches). See docs/relay.md.
     */
    @WithDefault("32")
    int maxBatch();

    /**
     * Batches each shared step (checks, store, broadcast, record) runs at the same time. A
     * submission that finds them all busy joins the next batch of that step.
     */
    @WithDefault("2")
    int batchesInFlight();

    /**
     * Transactions ({@code POST /v1/relay/transactions}) one sender (the address recovered from the
     * signature) may submit per second, on average, to all relay replicas together; more answer
     * 429.
     */
    @WithDefault("2")
    double ratePerSender();

    /** Transactions one sender may submit in a burst above the average rate. */
    @WithDefault("20")
    int burstPerSender();
  }

  /** Gas reserve warning. */
  interface Reserve {

    /** Gas of one dispute, used to express a hot key's balance in disputes' worth. */
    @WithDefault("150000")
    long disputeGas();

    /** Readiness warns when a hot key cannot pay for this many disputes at the current price. */
    @WithDefault("20")
    int disputes();

    /** How often hot-key balances are read. */
    @WithDefault("30s")
    Duration checkInterval();
  }
}
