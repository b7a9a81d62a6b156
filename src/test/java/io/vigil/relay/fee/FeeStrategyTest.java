package io.vigil.relay.fee;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeeStrategyTest {

  private static final BigInteger GWEI = BigInteger.valueOf(1_000_000_000L);
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final long GAS = 100_000;

  private final FeeStrategy strategy =
      new FeeStrategy(
          new FeeStrategy.Policy(
              GWEI, 2, 10, Duration.ofMinutes(10), 12, Duration.ofSeconds(15), ether(1), 25));

  private static BigInteger ether(long n) {
    return GWEI.multiply(GWEI).multiply(BigInteger.valueOf(n));
  }

  private static FeeStrategy.Inputs inputs(long baseGwei, long deadline, BigInteger stake) {
    return new FeeStrategy.Inputs(
        GWEI.multiply(BigInteger.valueOf(baseGwei)), GWEI, deadline, NOW, stake, GAS);
  }

  @Test
  void shouldOfferTwiceTheBaseFeePlusTipWhenThereIsNoDeadline() {
    Fees fees = strategy.initial(inputs(10, 0, null));

    assertThat(fees.maxPriorityFeePerGas()).isEqualTo(GWEI);
    assertThat(fees.maxFeePerGas()).isEqualTo(GWEI.multiply(BigInteger.valueOf(21)));
  }

  @Test
  void shouldPayMoreWhenTheDeadlineIsCloser() {
    long far = NOW.getEpochSecond() + 3600;
    long near = NOW.getEpochSecond() + 60;
    long past = NOW.getEpochSecond() - 1;

    Fees relaxed = strategy.initial(inputs(10, far, null));
    Fees hurried = strategy.initial(inputs(10, near, null));
    Fees desperate = strategy.initial(inputs(10, past, null));

    assertThat(hurried.maxFeePerGas()).isGreaterThan(relaxed.maxFeePerGas());
    assertThat(hurried.maxPriorityFeePerGas()).isGreaterThan(relaxed.maxPriorityFeePerGas());
    assertThat(desperate.maxFeePerGas()).isGreaterThan(hurried.maxFeePerGas());
    assertThat(desperate.maxPriorityFeePerGas()).isEqualTo(GWEI.multiply(BigInteger.TEN));
    assertThat(strategy.urgency(near, NOW)).isEqualTo(900);
  }

  @Test
  void shouldNeverPriceAboveTheValueAtStake() {
    BigInteger stake = GWEI.multiply(BigInteger.valueOf(500_000)); // 0.0005 ether
    Fees fees = strategy.initial(inputs(100, NOW.getEpochSecond() + 10, stake));

    assertThat(fees.maxCost(GAS)).isLessThanOrEqualTo(stake);
    assertThat(fees.maxFeePerGas()).isEqualTo(GWEI.multiply(BigInteger.valueOf(5)));
  }

  @Test
  void shouldKeepFeesWhenRecentlySentAndStillAboveBaseFee() {
    Fees current = strategy.initial(inputs(10, 0, null));

    FeeDecision decision = strategy.reprice(current, NOW.minusSeconds(1), inputs(10, 0, null));

    assertThat(decision).isInstanceOf(FeeDecision.Keep.class);
  }

  @Test
  void shouldReplaceWithAtLeastTheMinimumBumpOnBothFieldsWhenStale() {
    Fees current = strategy.initial(inputs(10, 0, null));

    FeeDecision decision = strategy.reprice(current, NOW.minusSeconds(15), inputs(10, 0, null));

    assertThat(decision).isInstanceOf(FeeDecision.Replace.class);
    Fees replacement = ((FeeDecision.Replace) decision).fees();
    assertThat(replacement.maxFeePerGas())
        .isGreaterThanOrEqualTo(withMinimumBump(current.maxFeePerGas()));
    assertThat(replacement.maxPriorityFeePerGas())
        .isGreaterThanOrEqualTo(withMinimumBump(current.maxPriorityFeePerGas()));
  }

  /** {@code fee} raised by the policy's minimum bump of 12%, rounded down. */
  private static BigInteger withMinimumBump(BigInteger fee) {
    return fee.multiply(BigInteger.valueOf(112)).divide(BigInteger.valueOf(100));
  }

  @Test
  void shouldReplaceAtOnceWhenTheBaseFeeRoseAboveTheFeeCap() {
    Fees current = strategy.initial(inputs(1, 0, null)); // 3 gwei cap

    FeeDecision decision = strategy.reprice(current, NOW, inputs(100, 0, null));

    assertThat(decision).isInstanceOf(FeeDecision.Replace.class);
    assertThat(((FeeDecision.Replace) decision).fees().maxFeePerGas())
        .isGreaterThan(GWEI.multiply(BigInteger.valueOf(100)));
  }

  @Test
  void shouldReplaceAtOnceWhenTheDeadlineNearsEnoughToMatter() {
    long deadline = NOW.getEpochSecond() + 600;
    Fees current = strategy.initial(inputs(10, deadline, null));
    FeeStrategy.Inputs later =
        new FeeStrategy.Inputs(
            GWEI.multiply(BigInteger.TEN), GWEI, deadline, NOW.plusSeconds(300), null, GAS);

    FeeDecision decision = strategy.reprice(current, NOW.plusSeconds(299), later);

    assertThat(decision).isInstanceOf(FeeDecision.Replace.class);
  }

  @Test
  void shouldStopAtTheCeilingWhenNoValidReplacementFitsUnderIt() {
    BigInteger stake = GWEI.multiply(BigInteger.valueOf(2_000_000)); // 20 gwei per gas at 100k gas
    Fees current = strategy.initial(inputs(9, 0, stake)); // 19 gwei cap

    FeeDecision decision = strategy.reprice(current, NOW, inputs(50, 0, stake));

    assertThat(decision).isInstanceOf(FeeDecision.AtCeiling.class);
    assertThat(((FeeDecision.AtCeiling) decision).ceiling().maxCost(GAS))
        .isLessThanOrEqualTo(stake);
  }

  @Test
  void shouldRoundTheMinimumBumpUp() {
    assertThat(strategy.raised(BigInteger.valueOf(101))).isEqualTo(BigInteger.valueOf(114));
    assertThat(strategy.raised(BigInteger.valueOf(100))).isEqualTo(BigInteger.valueOf(112));
  }

  @Test
  void shouldAllowNothingWhenNothingIsAtStake() {
    assertThat(strategy.ceilingPerGas(BigInteger.ZERO, GAS)).isZero();
    assertThat(strategy.landing(BigInteger.ZERO, GAS, GWEI))
        .isInstanceOf(FeeStrategy.Landing.CannotLand.class);
  }

  @Test
  void shouldRefuseToSignAOneWeiDisputeAtAnyBaseFee() {
    FeeStrategy.Landing landing = strategy.landing(BigInteger.ONE, GAS, BigInteger.ONE);

    assertThat(landing).isInstanceOf(FeeStrategy.Landing.CannotLand.class);
    String reason =
        ((FeeStrategy.Landing.CannotLand) landing).reason(BigInteger.ONE, GAS, BigInteger.ONE);
    assertThat(reason)
        .contains("value at stake below the cost")
        .contains("1 wei over 100000 gas allows 0 wei/gas");
  }

  @Test
  void shouldLandOnlyWhenTheCeilingCoversTheBaseFeeWithItsMarginAndTheTip() {
    // 10 gwei base fee: needs 12.5 gwei + 1 gwei tip = 13.5 gwei per gas, 1.35e15 wei at 100k gas.
    BigInteger needed = GWEI.multiply(BigInteger.valueOf(135)).divide(BigInteger.TEN);
    assertThat(strategy.neededPerGas(GWEI.multiply(BigInteger.TEN))).isEqualTo(needed);
    BigInteger enough = needed.multiply(BigInteger.valueOf(GAS));

    assertThat(strategy.landing(enough, GAS, GWEI.multiply(BigInteger.TEN)))
        .isEqualTo(new FeeStrategy.Landing.Lands(needed, needed));
    assertThat(
            strategy.landing(enough.subtract(BigInteger.ONE), GAS, GWEI.multiply(BigInteger.TEN)))
        .isInstanceOf(FeeStrategy.Landing.CannotLand.class);
  }

  @Test
  void shouldSeeATransactionAsUnmineableWhileItsCapIsBelowTheBaseFee() {
    Fees fees = new Fees(GWEI.multiply(BigInteger.TEN), GWEI);

    assertThat(FeeStrategy.unmineable(fees, GWEI.multiply(BigInteger.valueOf(11)))).isTrue();
    assertThat(FeeStrategy.unmineable(fees, GWEI.multiply(BigInteger.TEN))).isFalse();
  }

  @Test
  void shouldPriceACancellationToLandAndToOutbidTheStuckTransaction() {
    Fees stuck = new Fees(GWEI.multiply(BigInteger.valueOf(19)), GWEI);
    FeeStrategy.Inputs now =
        new FeeStrategy.Inputs(GWEI.multiply(BigInteger.valueOf(50)), GWEI, 0, NOW, null, 21_000);

    Fees cancel = strategy.cancellation(stuck, now).orElseThrow();

    assertThat(cancel.maxFeePerGas())
        .isGreaterThanOrEqualTo(strategy.neededPerGas(now.nextBaseFee()));
    assertThat(cancel.maxFeePerGas()).isGreaterThanOrEqualTo(strategy.raised(stuck.maxFeePerGas()));
    assertThat(cancel.maxPriorityFeePerGas())
        .isGreaterThanOrEqualTo(strategy.raised(stuck.maxPriorityFeePerGas()));
    assertThat(cancel.maxCost(21_000)).isLessThanOrEqualTo(ether(1));
  }

  @Test
  void shouldNotPriceACancellationTheDefaultCeilingCannotPay() {
    Fees stuck = new Fees(GWEI, GWEI);
    // 1 ether over 21,000 gas is about 47,619 gwei per gas; a base fee of 100,000 gwei is beyond.
    FeeStrategy.Inputs now =
        new FeeStrategy.Inputs(
            GWEI.multiply(BigInteger.valueOf(100_000)), GWEI, 0, NOW, null, 21_000);

    assertThat(strategy.cancellation(stuck, now)).isEmpty();
  }
}
