package io.vigil.watcher;

import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.WatchedChannel;
import java.math.BigInteger;
import java.time.Duration;

/**
 * Decides which channels the watcher takes on, and whether a held channel's dispute can still be
 * priced to land. Pure: figures in, decisions out.
 *
 * <p><b>Value at stake</b> is what a dispute against a stale close by the counterparty is worth:
 * the delegating party's balance in the state (the most such a close can take from it) plus the
 * bounty the dispute earns. The hub pays the bounty out of the closer's balance in the disputing
 * state, so it counts for at most the counterparty's balance there. The relay never lets a
 * dispute's whole fee exceed this value, so it is also what a dispute can spend.
 */
public record WatchPolicy(
    Duration minChallengePeriod, BigInteger minValueAtStake, long disputeGas, int priceMargin) {

  /** The problem type of a delegation refused by the policy. */
  public static final String REFUSED_TYPE = "watch-policy";

  public WatchPolicy {
    if (minChallengePeriod.isNegative() || minValueAtStake.signum() < 0) {
      throw new IllegalArgumentException("policy minimums must not be negative");
    }
    if (disputeGas < 1 || priceMargin < 1) {
      throw new IllegalArgumentException("dispute gas and price margin must be at least 1");
    }
  }

  public static WatchPolicy from(WatcherConfig.Policy config) {
    return new WatchPolicy(
        config.minChallengePeriod(),
        config.minValueAtStake(),
        config.disputeGas(),
        config.priceMargin());
  }

  /**
   * The value at stake for a party: its balance plus the bounty, counted for at most the other
   * party's balance (what the hub can take from the stale closer).
   */
  public static BigInteger valueAtStake(
      BigInteger ownBalance, BigInteger counterpartyBalance, BigInteger bounty) {
    return ownBalance.add(bounty.min(counterpartyBalance));
  }

  /** The value at stake of a held state for the party that delegated it. */
  public static BigInteger valueAtStake(WatchedChannel channel, HeldState held) {
    boolean byA = held.client().equalsIgnoreCase(held.signerA());
    return byA
        ? valueAtStake(held.balanceA(), held.balanceB(), channel.bounty())
        : valueAtStake(held.balanceB(), held.balanceA(), channel.bounty());
  }

  /** The outcome of checking a delegation against the policy. */
  public sealed interface Admission {

    /** Within the policy. */
    record Admitted(BigInteger valueAtStake) implements Admission {}

    /**
     * Outside the policy.
     *
     * @param field the delegation field the client can act on
     * @param detail the reason with the figures, starting with the field
     */
    record Refused(String field, String detail) implements Admission {}
  }

  /**
   * Checks a state delegated by one party of a channel the chain has shown: its challenge period
   * (unknown, -1, for channels learned before it was recorded: not checked), then the value at
   * stake for the delegating party. Both minimums are inclusive.
   *
   * @param delegatedByA whether party A signed the hunter authorization (otherwise party B did)
   */
  public Admission admit(
      WatchedChannel channel, boolean delegatedByA, BigInteger balanceA, BigInteger balanceB) {
    long period = channel.challengePeriod();
    long minPeriod = minChallengePeriod.toSeconds();
    if (period >= 0 && period < minPeriod) {
      return new Admission.Refused(
          "state.channelId",
          "state.channelId: the channel's challenge period is "
              + period
              + " s, below this watcher's minimum of "
              + minPeriod
              + " s: too short to be sure a dispute lands in time");
    }
    BigInteger own = delegatedByA ? balanceA : balanceB;
    BigInteger other = delegatedByA ? balanceB : balanceA;
    BigInteger value = valueAtStake(own, other, channel.bounty());
    if (value.compareTo(minValueAtStake) < 0) {
      String field = delegatedByA ? "state.balanceA" : "state.balanceB";
      return new Admission.Refused(
          field,
          field
              + ": "
              + value
              + " wei at stake for party "
              + (delegatedByA ? "A" : "B")
              + " (its balance "
              + own
              + " + the bounty a dispute earns "
              + value.subtract(own)
              + "), below this watcher's minimum of "
              + minValueAtStake
              + " wei: a dispute would not pay");
    }
    return new Admission.Admitted(value);
  }

  /** Whether a held channel's dispute can be priced to land. */
  public sealed interface Protection {

    /** The value at stake covers the dispute at the next base fee, with the margin. */
    record Priced(BigInteger valueAtStake, BigInteger required) implements Protection {}

    /**
     * The value at stake no longer covers it: the relay will not spend more than the value at
     * stake, so while fees stay this high the dispute may not be included.
     */
    record AtRisk(BigInteger valueAtStake, BigInteger required) implements Protection {}

    /** No dispute can be needed: the channel is over, or the chain holds the held nonce already. */
    record NotNeeded(String why) implements Protection {}
  }

  /** What a dispute must be worth at this next base fee: dispute gas x base fee x margin. */
  public BigInteger required(BigInteger nextBaseFee) {
    return nextBaseFee
        .multiply(BigInteger.valueOf(disputeGas))
        .multiply(BigInteger.valueOf(priceMargin));
  }

  /** Prices a value at stake: at risk when strictly below {@link #required(BigInteger)}. */
  public Protection price(BigInteger valueAtStake, BigInteger nextBaseFee) {
    BigInteger required = required(nextBaseFee);
    return valueAtStake.compareTo(required) < 0
        ? new Protection.AtRisk(valueAtStake, required)
        : new Protection.Priced(valueAtStake, required);
  }

  /**
   * Prices the dispute of a held state on a channel the chain has shown. HeldStateRepository's
   * countUnpriceable makes the same decision in SQL; the two must agree.
   */
  public Protection protection(WatchedChannel channel, HeldState held, BigInteger nextBaseFee) {
    if (!channel.isClosing() && !WatchedChannel.OPEN.equals(channel.status())) {
      return new Protection.NotNeeded("the channel is " + channel.status());
    }
    if (channel.isClosing() && channel.onChainNonce() >= held.nonce()) {
      return new Protection.NotNeeded(
          "the chain holds nonce " + channel.onChainNonce() + ", not below the held one");
    }
    return price(valueAtStake(channel, held), nextBaseFee);
  }
}
