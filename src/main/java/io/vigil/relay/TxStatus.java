package io.vigil.relay;

import io.vigil.core.messaging.TransactionOutcome.Status;

/**
 * Where a relayed transaction stands. Each name is the string stored in {@code relay_tx.status},
 * shown by the status API and published on Kafka ({@link #code()}), so it never changes. INCLUDED
 * counts confirmations up to the configured number, at which it becomes CONFIRMED.
 */
public enum TxStatus {
  /** Accepted; not yet broadcast (or Vigil has not signed it yet). */
  PENDING(false),
  /** In the node's pool. */
  IN_POOL(false),
  /** Mined, with fewer confirmations than required so far. */
  INCLUDED(false),
  /** Mined and buried under the required number of blocks. */
  CONFIRMED(true),
  /** Refused before sending (would revert) or reverted on chain. */
  FAILED(true),
  /** Replaced at the same nonce by a transaction with higher fees. */
  REPLACED(false),
  /** Gone from the pool without being mined (or reorged out); about to be re-sent. */
  DROPPED(false),
  /** Re-sent after it was dropped or reorged out. */
  RESENT(false),
  /** Its nonce was taken by a cancellation because it could no longer be mined. */
  CANCELLED(true);

  private final boolean isFinal;

  TxStatus(boolean isFinal) {
    this.isFinal = isFinal;
  }

  /** The code published on Kafka: the same name. */
  public Status code() {
    return Status.valueOf(name());
  }

  /** True for CONFIRMED, FAILED and CANCELLED: the status will not change any more. */
  public boolean isFinal() {
    return isFinal;
  }
}
