package io.vigil.core.messaging;

import java.math.BigInteger;

/**
 * A command to the relay: send a transaction and track it to finality. Published on {@link
 * Topics#TX_REQUESTS} keyed by the sending account, so one relay partition owns one account's
 * nonces. The request id is the idempotency key: the relay sends each request id at most once
 * (replacements keep the nonce), whatever the number of deliveries.
 *
 * @param requestId unique and stable, e.g. {@code dispute:<channelId>:<nonce>}
 * @param purpose why Vigil sends it; decides fee policy and reporting
 * @param from sending hot-key address (lower-case 0x), or the client's address for raw ones
 * @param to target contract address
 * @param data call data (0x hex); empty for a raw transaction
 * @param value wei attached
 * @param rawTransaction a client-signed raw transaction (0x hex), or null when Vigil signs
 * @param deadline unix seconds by which it must be included (dispute deadline), or 0 for none
 * @param valueAtStake wei protected by this transaction; the fee ceiling never exceeds it (0 = use
 *     the configured default ceiling)
 * @param channelId the channel concerned (0x, 32 bytes), or null
 */
public record TransactionRequest(
    String requestId,
    Purpose purpose,
    String from,
    String to,
    String data,
    BigInteger value,
    String rawTransaction,
    long deadline,
    BigInteger valueAtStake,
    String channelId) {

  /** Why a transaction is sent. */
  public enum Purpose {
    DISPUTE,
    SETTLE,
    WITHDRAW,
    CLOSE,
    CHECKPOINT,
    COOPERATIVE_CLOSE,
    CLIENT_RAW
  }

  /** A transaction Vigil signs with one of its hot keys. */
  public static TransactionRequest own(
      String requestId,
      Purpose purpose,
      String from,
      String to,
      String data,
      long deadline,
      BigInteger valueAtStake,
      String channelId) {
    return new TransactionRequest(
        requestId,
        purpose,
        from,
        to,
        data,
        BigInteger.ZERO,
        null,
        deadline,
        valueAtStake,
        channelId);
  }
}
