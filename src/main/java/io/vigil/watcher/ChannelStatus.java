package io.vigil.watcher;

import java.util.List;

/**
 * What Vigil holds and knows about one channel, for its client.
 *
 * @param heldNonce nonce of the held state, or null when none is held (never given or settled)
 * @param pendingUntil when the held state is dropped if the channel does not appear, or null
 * @param protection whether a dispute for the held state can be priced to land, or null when no
 *     state is held
 * @param chainStatus OPEN, CLOSING, DISPUTED, SETTLED, CLOSED, or UNKNOWN when not seen on chain
 * @param closeNonce nonce of the close on chain, or null
 * @param closeDeadline unix seconds until which disputes are accepted, or null
 * @param disputedNonce nonce a dispute put on chain, or null
 * @param outcome what came of the close, once there was one
 * @param transactions the transactions Vigil asked for about this channel
 */
public record ChannelStatus(
    String channelId,
    Long heldNonce,
    String pendingUntil,
    Protection protection,
    String chainStatus,
    Long closeNonce,
    Long closeDeadline,
    Long disputedNonce,
    Outcome outcome,
    List<Transaction> transactions) {

  /**
   * Whether Vigil can pay for this channel's dispute at the next block's base fee.
   *
   * @param status PROTECTED; AT_RISK when the value at stake is below {@code required}; PENDING
   *     while the channel is not on chain; UNKNOWN when the node did not answer
   * @param valueAtStakeWei the delegating party's balance plus the bounty a dispute earns
   * @param requiredWei dispute gas x next base fee x price margin
   * @param nextBaseFeeWei the next block's base fee per gas
   * @param reason why, when the status is not plainly PROTECTED
   */
  public record Protection(
      String status,
      String valueAtStakeWei,
      String requiredWei,
      String nextBaseFeeWei,
      String reason) {}

  /** The kept result of a close. */
  public record Outcome(
      boolean disputed,
      Long disputedNonce,
      boolean settled,
      String balanceA,
      String balanceB,
      String bountyWei,
      boolean bountyWithdrawn,
      String gasSpentWei) {}

  /** One of Vigil's own transactions for the channel. */
  public record Transaction(
      String requestId, String purpose, String status, String txHash, String gasUsed) {}
}
