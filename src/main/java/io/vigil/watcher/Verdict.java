package io.vigil.watcher;

import java.math.BigInteger;

/** What the watcher must do about one watched channel, decided by {@link BreachJudge}. */
public sealed interface Verdict {

  /** Nothing to do: no close, or the chain already holds a state at least as new as ours. */
  record Nothing(String why) implements Verdict {}

  /** A stale close: post our newer state before the deadline. */
  record Dispute(long nonce, long deadline, String closer, BigInteger valueAtStake)
      implements Verdict {}

  /** A dispute for this nonce is already on its way. */
  record AlreadyRequested(String requestId) implements Verdict {}

  /**
   * The challenge period is over and nobody settled: settle it. {@code missedBreach} is true when
   * Vigil held a newer state that never reached the chain in time.
   */
  record Settle(long deadline, boolean missedBreach) implements Verdict {}
}
