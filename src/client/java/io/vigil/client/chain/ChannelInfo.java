package io.vigil.client.chain;

import io.vigil.core.crypto.Address;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * What the hub's {@code channels(channelId)} reports, field for field (the contract's ChannelInfo
 * struct). {@code closer}, the closing balances and {@code bountyTo} are set only while the channel
 * is CLOSING; a settled or cooperatively closed channel reports zero parties and deposits.
 *
 * @param nonce the highest nonce recorded on chain (checkpoint, close or dispute)
 * @param deadline end of the challenge period, unix seconds (0 unless closing)
 */
public record ChannelInfo(
    Address partyA,
    Address partyB,
    BigInteger depositA,
    BigInteger depositB,
    BigInteger bounty,
    long challengePeriod,
    long nonce,
    long deadline,
    ChannelStatus status,
    Address closer,
    BigInteger closingBalanceA,
    BigInteger closingBalanceB,
    Address bountyTo) {

  public ChannelInfo {
    Objects.requireNonNull(status, "status");
  }

  /** Whether the hub knows the channel at all. */
  public boolean exists() {
    return status != ChannelStatus.NONE;
  }

  public BigInteger totalDeposits() {
    return depositA.add(depositB);
  }

  /** The end of the challenge period as an instant, when closing. */
  public Instant deadlineInstant() {
    return Instant.ofEpochSecond(deadline);
  }

  /** Whether {@code account} is one of the two parties. */
  public boolean isParty(Address account) {
    return account.equals(partyA) || account.equals(partyB);
  }
}
