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

  /** The challenge period ended before the breach could be answered. */
  record TooLate(long deadline) implements Verdict {}

  /** The challenge period is over and nobody settled: settle it. */
  record Settle(long deadline) implements Verdict {}
}
