package io.vigil.relay.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vigil.relay.TxStatus;
import io.vigil.relay.persistence.RelayTransaction;
import java.math.BigInteger;
import java.time.Instant;

/**
 * What the status API shows of a relayed transaction. Never carries a key or the raw bytes.
 *
 * @param requestId id to poll with ({@code raw:<txHash>} for a client-signed transaction)
 * @param status PENDING, IN_POOL, INCLUDED, CONFIRMED, FAILED, REPLACED, DROPPED, RESENT or
 *     CANCELLED (shown by its name)
 * @param isFinal true once CONFIRMED, FAILED or CANCELLED: the status will not change any more
 * @param confirmations blocks on top of the including block, counting it (0 until included)
 * @param requiredConfirmations confirmations after which the status becomes CONFIRMED
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransactionView(
    String requestId,
    String kind,
    String purpose,
    String from,
    String to,
    Long nonce,
    String txHash,
    TxStatus status,
    boolean isFinal,
    Long blockNumber,
    String blockHash,
    int confirmations,
    int requiredConfirmations,
    String maxFeePerGas,
    String maxPriorityFeePerGas,
    String gasUsed,
    String effectiveGasPrice,
    String reason,
    int sends,
    Instant createdAt,
    Instant updatedAt) {

  public static TransactionView of(RelayTransaction tx, int required) {
    return new TransactionView(
        tx.requestId,
        tx.kind,
        tx.purpose,
        tx.sender,
        tx.target,
        tx.nonce,
        tx.txHash,
        tx.status,
        tx.done,
        tx.blockNumber,
        tx.blockHash,
        tx.confirmations,
        required,
        text(tx.maxFee),
        text(tx.priorityFee),
        text(tx.gasUsed),
        text(tx.effectiveGasPrice),
        tx.reason,
        tx.sends,
        tx.createdAt,
        tx.updatedAt);
  }

  private static String text(BigInteger value) {
    return value == null ? null : value.toString();
  }
}
