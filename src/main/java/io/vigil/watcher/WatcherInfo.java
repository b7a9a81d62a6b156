package io.vigil.watcher;

/**
 * What a client needs before delegating: whom to authorize as hunter, whose signature receipts
 * carry, the chain and hub its states must be signed for, and the watch policy its channel must
 * meet.
 */
public record WatcherInfo(
    long chainId, String hub, String hunter, String receiptSigner, Policy policy) {

  /**
   * The watch policy. A delegation is refused when the channel's challenge period is below {@code
   * minChallengePeriodSeconds} or the delegating party's value at stake (its balance in the state
   * plus the channel's bounty, counted for at most the other party's balance) is below {@code
   * minValueAtStakeWei}. A held channel is reported at risk when its value at stake is below {@code
   * disputeGas} x the next base fee x {@code priceMargin}.
   */
  public record Policy(
      long minChallengePeriodSeconds, String minValueAtStakeWei, long disputeGas, int priceMargin) {

    static Policy of(WatchPolicy policy) {
      return new Policy(
          policy.minChallengePeriod().toSeconds(),
          policy.minValueAtStake().toString(),
          policy.disputeGas(),
          policy.priceMargin());
    }
  }
}
