package io.vigil.watcher.persistence;

import java.math.BigInteger;

/**
 * One transaction the watcher asked the relay for, and the latest outcome reported for it.
 *
 * @param disputeNonce the held nonce a DISPUTE request puts on chain; null for every other purpose
 * @param status REQUESTED until the relay reports, then the relay's outcome status
 * @param payload the TransactionRequest as JSON, published as is
 */
public record RequestRow(
    String requestId,
    String purpose,
    Long disputeNonce,
    String status,
    boolean published,
    String txHash,
    BigInteger gasUsed,
    BigInteger gasPrice,
    String reason,
    String payload) {

  /**
   * True while the request may still land or has landed: not failed, dropped, cancelled, or mined
   * in a block that a reorg removed.
   */
  public boolean live() {
    return !("FAILED".equals(status)
        || "DROPPED".equals(status)
        || "CANCELLED".equals(status)
        || "REORGED".equals(status));
  }

  /** True when this is a dispute with {@code nonce}. */
  public boolean disputes(long nonce) {
    return disputeNonce != null && disputeNonce == nonce;
  }
}
