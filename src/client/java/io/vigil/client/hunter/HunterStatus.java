package io.vigil.client.hunter;

import io.vigil.core.channel.ChannelId;
import io.vigil.core.crypto.Address;
import java.math.BigInteger;
import java.util.List;

/**
 * What a bounty hunter has earned on one hub, read from the chain: disputes that named it as the
 * bounty's recipient, bounties paid to it at settlement, its withdrawals, and what it may withdraw
 * now.
 *
 * @param disputes disputes whose {@code bountyTo} is the hunter (the bounty is credited at settle)
 * @param bounties settlements that credited the hunter a bounty
 * @param withdrawals the hunter's withdrawals (of bounties and any other credit)
 */
public record HunterStatus(
    Address hunter,
    Address hub,
    long fromBlock,
    List<Dispute> disputes,
    List<Bounty> bounties,
    List<Withdrawal> withdrawals,
    BigInteger withdrawable) {

  public HunterStatus {
    disputes = List.copyOf(disputes);
    bounties = List.copyOf(bounties);
    withdrawals = List.copyOf(withdrawals);
  }

  /** A dispute that will pay the hunter the closer's bounty when the channel settles. */
  public record Dispute(
      ChannelId channelId, long nonce, Address disputer, long blockNumber, String txHash) {}

  /** A settlement that credited the hunter {@code amount}. */
  public record Bounty(ChannelId channelId, BigInteger amount, long blockNumber, String txHash) {}

  public record Withdrawal(BigInteger amount, long blockNumber, String txHash) {}

  /** The sum of the bounties credited. */
  public BigInteger earned() {
    return bounties.stream().map(Bounty::amount).reduce(BigInteger.ZERO, BigInteger::add);
  }

  public BigInteger withdrawn() {
    return withdrawals.stream().map(Withdrawal::amount).reduce(BigInteger.ZERO, BigInteger::add);
  }

  /** Channels disputed for the hunter that have not settled yet (bounty still to come). */
  public List<ChannelId> awaitingSettlement() {
    List<ChannelId> settled = bounties.stream().map(Bounty::channelId).toList();
    return disputes.stream()
        .map(Dispute::channelId)
        .filter(id -> !settled.contains(id))
        .distinct()
        .toList();
  }
}
