package io.vigil.relay.fee;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;

/**
 * Prices Vigil's own transactions: EIP-1559 fees that rise as the deadline nears, replacements that
 * outbid the pending transaction by at least the nodes' minimum bump, and a ceiling that the whole
 * fee (fee cap x gas limit) never exceeds: the configured default, and never more than the value at
 * stake.
 */
public final class FeeStrategy {

  private static final BigInteger PER_MILLE = BigInteger.valueOf(1000);
  private static final BigInteger HUNDRED = BigInteger.valueOf(100);

  private final Policy policy;

  public FeeStrategy(Policy policy) {
    this.policy = policy;
  }

  /**
   * Settings of the strategy.
   *
   * @param minPriorityFee lowest tip, wei per gas
   * @param baseFeeMultiplier head room over the next base fee when not urgent
   * @param urgentPriorityMultiplier factor applied to the tip at the deadline
   * @param urgencyWindow time before the deadline over which urgency rises from 0 to 1
   * @param bumpPercent minimum raise of both fields for a replacement (nodes want at least 10)
   * @param bumpAfter re-price a transaction still pending after this long
   * @param defaultCeiling ceiling of the whole fee in wei
   */
  public record Policy(
      BigInteger minPriorityFee,
      int baseFeeMultiplier,
      int urgentPriorityMultiplier,
      Duration urgencyWindow,
      int bumpPercent,
      Duration bumpAfter,
      BigInteger defaultCeiling) {

    public Policy {
      if (bumpPercent < 10) {
        throw new IllegalArgumentException("bumpPercent below the nodes' 10% minimum");
      }
      if (baseFeeMultiplier < 1 || urgentPriorityMultiplier < 1) {
        throw new IllegalArgumentException("multipliers must be at least 1");
      }
    }
  }

  /** What is known about one transaction when it is priced. */
  public record Inputs(
      BigInteger nextBaseFee,
      BigInteger suggestedTip,
      long deadline,
      Instant now,
      BigInteger valueAtStake,
      long gasLimit) {}

  /**
   * Urgency in per mille: 0 while the deadline is more than the urgency window away (or when there
   * is none), rising linearly to 1000 at the deadline.
   */
  public int urgency(long deadline, Instant now) {
    if (deadline <= 0) {
      return 0;
    }
    long remaining = deadline - now.getEpochSecond();
    long window = Math.max(1, policy.urgencyWindow().toSeconds());
    if (remaining <= 0) {
      return 1000;
    }
    if (remaining >= window) {
      return 0;
    }
    return (int) (1000 - remaining * 1000 / window);
  }

  /** The most this transaction may pay per gas: the ceiling divided by the gas limit. */
  public BigInteger ceilingPerGas(BigInteger valueAtStake, long gasLimit) {
    BigInteger ceiling = policy.defaultCeiling();
    if (valueAtStake != null && valueAtStake.signum() > 0 && valueAtStake.compareTo(ceiling) < 0) {
      ceiling = valueAtStake;
    }
    return ceiling.divide(BigInteger.valueOf(Math.max(1, gasLimit)));
  }

  /** Fees for a first broadcast. */
  public Fees initial(Inputs in) {
    Fees target = target(in);
    return clip(target, ceilingPerGas(in.valueAtStake(), in.gasLimit()));
  }

  /** Whether and how to re-price a pending transaction last broadcast at {@code lastSent}. */
  public FeeDecision reprice(Fees current, Instant lastSent, Inputs in) {
    Fees target = target(in);
    boolean stale = !lastSent.plus(policy.bumpAfter()).isAfter(in.now());
    boolean belowBaseFee = current.maxFeePerGas().compareTo(in.nextBaseFee()) < 0;
    boolean moreUrgent =
        target.maxFeePerGas().compareTo(raised(current.maxFeePerGas())) >= 0
            || target.maxPriorityFeePerGas().compareTo(raised(current.maxPriorityFeePerGas())) >= 0;
    if (!stale && !belowBaseFee && !moreUrgent) {
      return new FeeDecision.Keep();
    }
    BigInteger tip = target.maxPriorityFeePerGas().max(raised(current.maxPriorityFeePerGas()));
    BigInteger cap = target.maxFeePerGas().max(raised(current.maxFeePerGas())).max(tip);
    BigInteger ceiling = ceilingPerGas(in.valueAtStake(), in.gasLimit());
    if (cap.compareTo(ceiling) > 0) {
      cap = ceiling;
      tip = tip.min(ceiling);
      if (cap.compareTo(raised(current.maxFeePerGas())) < 0
          || tip.compareTo(raised(current.maxPriorityFeePerGas())) < 0) {
        return new FeeDecision.AtCeiling(clip(current, ceiling));
      }
    }
    return new FeeDecision.Replace(new Fees(cap, tip));
  }

  /** Both fields at least this much above {@code value} (rounded up) to replace it. */
  BigInteger raised(BigInteger value) {
    BigInteger[] division =
        value
            .multiply(HUNDRED.add(BigInteger.valueOf(policy.bumpPercent())))
            .divideAndRemainder(HUNDRED);
    return division[1].signum() == 0 ? division[0] : division[0].add(BigInteger.ONE);
  }

  private Fees target(Inputs in) {
    BigInteger urgency = BigInteger.valueOf(urgency(in.deadline(), in.now()));
    BigInteger baseTip = policy.minPriorityFee().max(in.suggestedTip());
    BigInteger tip =
        baseTip
            .multiply(
                PER_MILLE.add(
                    urgency.multiply(BigInteger.valueOf(policy.urgentPriorityMultiplier() - 1))))
            .divide(PER_MILLE);
    BigInteger cap =
        in.nextBaseFee()
            .multiply(BigInteger.valueOf(policy.baseFeeMultiplier()))
            .multiply(PER_MILLE.add(urgency))
            .divide(PER_MILLE)
            .add(tip);
    return new Fees(cap, tip);
  }

  private static Fees clip(Fees fees, BigInteger ceilingPerGas) {
    BigInteger cap = fees.maxFeePerGas().min(ceilingPerGas);
    return new Fees(cap, fees.maxPriorityFeePerGas().min(cap));
  }
}
