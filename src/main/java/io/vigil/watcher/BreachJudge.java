package io.vigil.watcher;

import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.WatchedChannel;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Decides, from what the chain says about a channel and the state Vigil holds for it, whether a
 * close is a breach to dispute, a channel to settle, or nothing. Pure: no I/O, no clock but the
 * chain time it is given.
 */
public final class BreachJudge {

  private BreachJudge() {}

  /**
   * @param channel the channel as the canonical chain shows it
   * @param held the state delegated to Vigil, if any
   * @param liveDispute id of a dispute request for the held nonce that has not failed, if any
   * @param liveSettle id of a settle request that has not failed, if any
   * @param chainTime timestamp of the newest block (the contract compares deadlines with it)
   */
  public static Verdict judge(
      WatchedChannel channel,
      Optional<HeldState> held,
      Optional<String> liveDispute,
      Optional<String> liveSettle,
      long chainTime) {
    if (!channel.isClosing()) {
      return new Verdict.Nothing("channel is " + channel.status());
    }
    long deadline = channel.closeDeadline();
    long onChain = channel.onChainNonce();
    // The hub accepts a dispute while block.timestamp <= deadline, and a settle after it.
    if (chainTime <= deadline) {
      if (held.isEmpty() || held.get().nonce() <= onChain) {
        return new Verdict.Nothing("the chain holds nonce " + onChain + ", deadline " + deadline);
      }
      if (liveDispute.isPresent()) {
        return new Verdict.AlreadyRequested(liveDispute.get());
      }
      return new Verdict.Dispute(
          held.get().nonce(), deadline, channel.closer(), valueAtStake(channel, held.get()));
    }
    if (liveSettle.isPresent()) {
      return new Verdict.AlreadyRequested(liveSettle.get());
    }
    boolean missed = held.isPresent() && held.get().nonce() > onChain && liveDispute.isEmpty();
    return new Verdict.Settle(deadline, missed);
  }

  /**
   * What the honest (non-closing) party gets from our state, plus the bounty the dispute earns
   * (paid out of the closer's balance in our state): {@link WatchPolicy#valueAtStake}.
   */
  static BigInteger valueAtStake(WatchedChannel channel, HeldState held) {
    boolean closedByA = channel.closer().equalsIgnoreCase(channel.partyA());
    BigInteger honest = closedByA ? held.balanceB() : held.balanceA();
    BigInteger closer = closedByA ? held.balanceA() : held.balanceB();
    return WatchPolicy.valueAtStake(honest, closer, channel.bounty());
  }
}
