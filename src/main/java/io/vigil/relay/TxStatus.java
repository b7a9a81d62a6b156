package io.vigil.relay;

import io.vigil.core.messaging.TransactionOutcome.Status;
import io.vigil.relay.persistence.RelayTransaction;

/**
 * Where a relayed transaction stands. INCLUDED carries the confirmations so far (1 = just mined);
 * CONFIRMED is final: the including block has the configured number of confirmations.
 */
public sealed interface TxStatus {

  /** The code published on Kafka and shown by the status API. */
  Status code();

  /** Accepted; not yet broadcast (or Vigil has not signed it yet). */
  record Pending() implements TxStatus {
    public Status code() {
      return Status.PENDING;
    }
  }

  /** In the node's pool. */
  record InPool(String txHash) implements TxStatus {
    public Status code() {
      return Status.IN_POOL;
    }
  }

  /** Mined in {@code block}, with {@code confirmations} of {@code required} so far. */
  record Included(String txHash, long block, String blockHash, int confirmations, int required)
      implements TxStatus {
    public Status code() {
      return Status.INCLUDED;
    }
  }

  /** Mined and buried under the required number of blocks; final. */
  record Confirmed(String txHash, long block, String blockHash, int confirmations, int required)
      implements TxStatus {
    public Status code() {
      return Status.CONFIRMED;
    }
  }

  /** Refused before sending (would revert) or reverted on chain; final. */
  record Failed(String reason) implements TxStatus {
    public Status code() {
      return Status.FAILED;
    }
  }

  /** Replaced at the same nonce by {@code txHash} with higher fees. */
  record Replaced(String txHash, String reason) implements TxStatus {
    public Status code() {
      return Status.REPLACED;
    }
  }

  /** Gone from the pool without being mined (or reorged out); about to be re-sent. */
  record Dropped(String txHash, String reason) implements TxStatus {
    public Status code() {
      return Status.DROPPED;
    }
  }

  /** Re-sent after it was dropped or reorged out. */
  record Resent(String txHash, String reason) implements TxStatus {
    public Status code() {
      return Status.RESENT;
    }
  }

  /** Its nonce was taken by a cancellation because it could no longer be mined; final. */
  record Cancelled(String txHash, String reason) implements TxStatus {
    public Status code() {
      return Status.CANCELLED;
    }
  }

  /** The status a stored transaction is in. */
  static TxStatus of(RelayTransaction tx, int required) {
    return switch (Status.valueOf(tx.status)) {
      case PENDING -> new Pending();
      case IN_POOL -> new InPool(tx.txHash);
      case INCLUDED ->
          new Included(tx.txHash, tx.blockNumber, tx.blockHash, tx.confirmations, required);
      case CONFIRMED ->
          new Confirmed(tx.txHash, tx.blockNumber, tx.blockHash, tx.confirmations, required);
      case FAILED -> new Failed(tx.reason);
      case REPLACED -> new Replaced(tx.txHash, tx.reason);
      case DROPPED -> new Dropped(tx.txHash, tx.reason);
      case RESENT -> new Resent(tx.txHash, tx.reason);
      case CANCELLED -> new Cancelled(tx.txHash, tx.reason);
    };
  }
}
