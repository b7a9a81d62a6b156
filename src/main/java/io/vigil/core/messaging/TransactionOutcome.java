package io.vigil.core.messaging;

import java.math.BigInteger;

/**
 * What became of a {@link TransactionRequest}, published on {@link Topics#TX_OUTCOMES} keyed by
 * request id each time its status changes. Consumers must accept repeats and keep the latest.
 *
 * @param requestId the request this reports on
 * @param status the new status
 * @param txHash hash of the transaction now carrying the request (changes on replacement)
 * @param blockNumber block that included it, or 0
 * @param confirmations blocks on top of the including block (1 = just included)
 * @param gasUsed gas used once included, else 0
 * @param effectiveGasPrice wei per gas paid once included, else 0
 * @param reason why it failed, was replaced, dropped or cancelled; null otherwise
 */
public record TransactionOutcome(
    String requestId,
    Status status,
    String txHash,
    long blockNumber,
    long confirmations,
    BigInteger gasUsed,
    BigInteger effectiveGasPrice,
    String reason) {

  /** Life cycle of a relayed transaction. */
  public enum Status {
    PENDING,
    IN_POOL,
    INCLUDED,
    CONFIRMED,
    FAILED,
    REPLACED,
    DROPPED,
    RESENT,
    /**
     * Final: the transaction could no longer be mined (fee at its ceiling below the base fee, or it
     * would revert), so a zero-value transfer to the sender took its nonce instead.
     */
    CANCELLED
  }
}
