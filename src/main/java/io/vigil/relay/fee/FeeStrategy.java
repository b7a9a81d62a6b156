package io.vigil.relay.fee;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Prices Vigil's own transactions: EIP-1559 fees that rise as the deadline nears, replacements that
 * outbid the pending transaction by at least the nodes' minimum bump, and a ceiling that the whole
 * fee (fee cap x gas limit) never exceeds: the configured default, and never more than the value at
 * stake. It also decides whether a transaction can land at all under its ceiling ({@link
 * #landing}), so that nothing is signed on a nonce it would block, and prices the cancellation that
 * frees a nonce held by a transaction that can no longer be mined ({@link #cancellation}).
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
   * @param landingMarginPercent a transaction lands only if its ceiling per gas covers the next
   *     base fee raised by this percentage, plus the minimum tip
   */
  public record Policy(
      BigInteger minPriorityFee,
      int baseFeeMultiplier,
      int urgentPriorityMultiplier,
      Duration urgencyWindow,
      int bumpPercent,
      Duration bumpAfter,
      BigInteger defaultCeiling,
      int landingMarginPercent) {

    public Policy {
      if (bumpPercent < 10) {
        throw new IllegalArgumentException("bumpPercent below the nodes' 10% minimum");
      }
      if (landingMarginPercent < 0) {
        throw new IllegalArgumentException("landingMarginPercent must not be negative");
      }
      if (baseFeeMultiplier < 1 || urgentPriorityMultiplier < 1) {
        throw new IllegalArgumentException("multipliers must be at least 1");
      }
    }
  }

  /**
   * What is known about one transaction when it is priced. {@code valueAtStake} null means none is
   * named (the configured default ceiling applies); zero means nothing is at stake, so nothing may
   * be spent.
   */
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

  /** Gas limit for an estimate: the estimate raised by {@code marginPercent}, rounded down. */
  public static long gasLimit(long estimate, int marginPercent) {
    return estimate * (100 + marginPercent) / 100;
  }

  /**
   * The most this transaction may pay per gas: the ceiling (the default, or the value at stake when
   * that is smaller; null: the default) divided by the gas limit.
   */
  public BigInteger ceilingPerGas(BigInteger valueAtStake, long gasLimit) {
    BigInteger ceiling = policy.defaultCeiling();
    if (valueAtStake != null && valueAtStake.compareTo(ceiling) < 0) {
      ceiling = valueAtStake.max(BigInteger.ZERO);
    }
    return ceiling.divide(BigInteger.valueOf(Math.max(1, gasLimit)));
  }

  /**
   * The least a transaction must be able to pay per gas to land now: the next base fee raised by
   * the landing margin, plus the minimum tip.
   */
  public BigInteger neededPerGas(BigInteger nextBaseFee) {
    return nextBaseFee
        .multiply(BigInteger.valueOf(100L + policy.landingMarginPercent()))
        .add(HUNDRED.subtract(BigInteger.ONE))
        .divide(HUNDRED)
        .add(policy.minPriorityFee());
  }

  /**
   * Whether a transaction with this value at stake and gas limit can be priced to land at the
   * current base fee. Decided before the transaction takes a nonce: one that cannot land would hold
   * every later transaction of its key behind it.
   */
  public Landing landing(BigInteger valueAtStake, long gasLimit, BigInteger nextBaseFee) {
    BigInteger ceiling = ceilingPerGas(valueAtStake, gasLimit);
    BigInteger needed = neededPerGas(nextBaseFee);
    return ceiling.compareTo(needed) >= 0
        ? new Landing.Lands(ceiling, needed)
        : new Landing.CannotLand(ceiling, needed);
  }

  /** See {@link #landing}. */
  public sealed interface Landing {

    /** The ceiling per gas covers what the chain asks now. */
    record Lands(BigInteger ceilingPerGas, BigInteger neededPerGas) implements Landing {}

    /** It does not: signing it would take a nonce it can never free. */
    record CannotLand(BigInteger ceilingPerGas, BigInteger neededPerGas) implements Landing {

      /** The figures, for the refusal or outcome that reports it. */
      public String reason(BigInteger valueAtStake, long gasLimit, BigInteger nextBaseFee) {
        return "value at stake below the cost of landing it at the current base fee: "
            + (valueAtStake == null ? "no value" : valueAtStake + " wei")
            + " over "
            + gasLimit
            + " gas allows "
            + ceilingPerGas
            + " wei/gas, the next base fee "
            + nextBaseFee
            + " wei/gas needs "
            + neededPerGas;
      }
    }
  }

  /**
   * Whether a pending transaction with these fees cannot be mined in the next block: its fee cap is
   * below the next base fee.
   */
  public static boolean unmineable(Fees current, BigInteger nextBaseFee) {
    return current.maxFeePerGas().compareTo(nextBaseFee) < 0;
  }

  /**
   * Fees of a cancellation replacing {@code current} at its nonce (a zero-value transfer of {@code
   * gasLimit} gas to the sender itself): priced to land now, under the default ceiling, and above
   * the pending transaction by the nodes' minimum bump. Empty when the default ceiling cannot pay
   * for both.
   */
  public Optional<Fees> cancellation(Fees current, Inputs in) {
    Fees target = target(in);
    BigInteger tip = target.maxPriorityFeePerGas().max(raised(current.maxPriorityFeePerGas()));
    BigInteger cap =
        target
            .maxFeePerGas()
            .max(raised(current.maxFeePerGas()))
            .max(neededPerGas(in.nextBaseFee()));
    cap = cap.max(tip);
    if (cap.compareTo(ceilingPerGas(null, in.gasLimit())) > 0) {
      return Optional.empty();
    }
    return Optional.of(new Fees(cap, tip));
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
