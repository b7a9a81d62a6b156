package io.vigil.core.channel;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One state of a channel as both parties sign it (EIP-712 type {@code State(bytes32
 * channelId,uint64 nonce,uint256 balanceA,uint256 balanceB)}). A higher nonce replaces a lower one;
 * nonce 0 is the opening state, whose balances are the deposits.
 */
public record ChannelState(
    ChannelId channelId, long nonce, BigInteger balanceA, BigInteger balanceB) {

  /** Largest value a uint256 balance can hold. */
  public static final BigInteger MAX_UINT256 =
      BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

  public ChannelState {
    Objects.requireNonNull(channelId, "channelId");
    Objects.requireNonNull(balanceA, "balanceA");
    Objects.requireNonNull(balanceB, "balanceB");
    if (nonce < 0) {
      throw new IllegalArgumentException("nonce must not be negative");
    }
    requireUint256("balanceA", balanceA);
    requireUint256("balanceB", balanceB);
  }

  public static ChannelState of(
      ChannelId channelId, long nonce, BigInteger balanceA, BigInteger balanceB) {
    return new ChannelState(channelId, nonce, balanceA, balanceB);
  }

  /** The opening state: nonce 0, each party holding its deposit. Needs no signatures to close. */
  public static ChannelState opening(
      ChannelId channelId, BigInteger depositA, BigInteger depositB) {
    return new ChannelState(channelId, 0, depositA, depositB);
  }

  /** balanceA + balanceB, which the hub checks against the channel's deposits. */
  public BigInteger total() {
    return balanceA.add(balanceB);
  }

  /** The same balances under another nonce. */
  public ChannelState withNonce(long newNonce) {
    return new ChannelState(channelId, newNonce, balanceA, balanceB);
  }

  /** Moves {@code amount} from A to B (negative: from B to A) and raises the nonce by one. */
  public ChannelState pay(BigInteger amount) {
    return new ChannelState(channelId, nonce + 1, balanceA.subtract(amount), balanceB.add(amount));
  }

  private static void requireUint256(String field, BigInteger value) {
    if (value.signum() < 0 || value.compareTo(MAX_UINT256) > 0) {
      throw new IllegalArgumentException(field + " must be a uint256");
    }
  }
}
