package io.vigil.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.relay.FeeBumper.Plan;
import io.vigil.relay.FeeBumper.Step;
import io.vigil.relay.chain.RelayChain.FeeMarket;
import io.vigil.relay.chain.RelayChain.Simulation;
import io.vigil.relay.fee.FeeDecision;
import io.vigil.relay.fee.FeeStrategy;
import io.vigil.relay.fee.Fees;
import io.vigil.relay.persistence.RelayAttempt;
import io.vigil.relay.persistence.RelayTransaction;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeeBumperTest {

  static final BigInteger GWEI = BigInteger.valueOf(1_000_000_000L);
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration BUMP_AFTER = Duration.ofSeconds(15);
  static final int STUCK_BLOCKS = 3;

  final FeeBumper bumper =
      new FeeBumper(
          new FeeStrategy(
              new FeeStrategy.Policy(
                  GWEI, 2, 10, Duration.ofMinutes(10), 12, BUMP_AFTER, GWEI.multiply(GWEI), 25)),
          BUMP_AFTER,
          STUCK_BLOCKS);

  static BigInteger gwei(long n) {
    return GWEI.multiply(BigInteger.valueOf(n));
  }

  static FeeMarket market(long baseGwei) {
    return new FeeMarket(gwei(baseGwei), GWEI);
  }

  static RelayTransaction row(Instant lastSent) {
    RelayTransaction tx = new RelayTransaction();
    tx.requestId = "test:bump";
    tx.kind = RelayTransaction.OWN;
    tx.gasLimit = 100_000L;
    tx.createdAt = NOW.minusSeconds(3600);
    tx.lastSentAt = lastSent;
    return tx;
  }

  static RelayAttempt attempt(long maxFeeGwei, long tipGwei, boolean cancels) {
    RelayAttempt attempt = new RelayAttempt();
    attempt.txHash = "0x" + "ab".repeat(32);
    attempt.maxFee = gwei(maxFeeGwei);
    attempt.priorityFee = gwei(tipGwei);
    attempt.cancels = cancels;
    return attempt;
  }

  @Test
  void shouldWaitAndForgetTheStuckMarkWhenTheFeesNeedNoChange() {
    // 2 x base 10 + tip 1: what the strategy asks for now, sent a second ago.
    Plan plan = bumper.plan(row(NOW.minusSeconds(1)), attempt(21, 1, false), market(10), NOW, 5L);

    assertThat(plan).isEqualTo(new Plan(new Step.Leave(), null));
  }

  @Test
  void shouldCheckTheCallBeforePayingMoreWhenTheTransactionIsStale() {
    Plan plan = bumper.plan(row(NOW.minusSeconds(20)), attempt(21, 1, false), market(10), NOW, 5L);

    assertThat(plan.step()).isInstanceOf(Step.Check.class);
    assertThat(((Step.Check) plan.step()).decision()).isInstanceOf(FeeDecision.Replace.class);
    assertThat(plan.stuckSince()).isEqualTo(5L);
  }

  @Test
  void shouldLeaveACancellationAloneWhileItIsFreshAndMineable() {
    Plan plan = bumper.plan(row(NOW.minusSeconds(1)), attempt(21, 1, true), market(10), NOW, 4L);

    assertThat(plan).isEqualTo(new Plan(new Step.Leave(), 4L));
  }

  @Test
  void shouldOutbidACancellationWhenItIsStaleOrUnderTheBaseFee() {
    Plan stale =
        bumper.plan(row(NOW.minus(BUMP_AFTER)), attempt(21, 1, true), market(10), NOW, null);
    Plan unmineable =
        bumper.plan(row(NOW.minusSeconds(1)), attempt(21, 1, true), market(30), NOW, null);

    assertThat(stale).isEqualTo(new Plan(new Step.Cancel("cancellation re-priced"), null));
    assertThat(unmineable).isEqualTo(new Plan(new Step.Cancel("cancellation re-priced"), null));
  }

  @Test
  void shouldTakeTheCreationTimeWhenTheRequestWasNeverSent() {
    RelayTransaction tx = row(null);
    tx.createdAt = NOW.minusSeconds(1);

    assertThat(bumper.plan(tx, attempt(21, 1, true), market(10), NOW, null).step())
        .isEqualTo(new Step.Leave());
  }

  @Test
  void shouldCancelWhenTheCallWouldNowRevert() {
    Plan plan =
        bumper.afterCheck(
            new FeeDecision.Replace(Fees.of(30, 2)),
            new Simulation.Reverted("StaleState()"),
            attempt(21, 1, false),
            market(10),
            null,
            100,
            98L);

    assertThat(plan).isEqualTo(new Plan(new Step.Cancel("it would now revert: StaleState()"), 98L));
  }

  @Test
  void shouldReplaceAndForgetTheStuckMarkWhenTheCallStillSucceeds() {
    Fees raised = Fees.of(30, 2);

    Plan plan =
        bumper.afterCheck(
            new FeeDecision.Replace(raised),
            new Simulation.Success(50_000),
            attempt(21, 1, false),
            market(10),
            null,
            100,
            98L);

    assertThat(plan).isEqualTo(new Plan(new Step.Replace(raised), null));
  }

  @Test
  void shouldHoldAtTheCeilingAndSaySoOnceWhenItCanStillBeMined() {
    String note = "fee at its ceiling: " + gwei(21) + " wei/gas, next base fee " + gwei(10);
    FeeDecision atCeiling = new FeeDecision.AtCeiling(new Fees(gwei(21), GWEI));
    Simulation ok = new Simulation.Success(50_000);

    Plan first =
        bumper.afterCheck(atCeiling, ok, attempt(21, 1, false), market(10), null, 100, 90L);
    Plan again =
        bumper.afterCheck(atCeiling, ok, attempt(21, 1, false), market(10), note, 101, null);

    assertThat(first).isEqualTo(new Plan(new Step.HoldAtCeiling(note, true), null));
    assertThat(again).isEqualTo(new Plan(new Step.HoldAtCeiling(note, false), null));
  }

  @Test
  void shouldMarkTheHeadWhenTheCeilingFirstFallsUnderTheBaseFee() {
    FeeDecision atCeiling = new FeeDecision.AtCeiling(new Fees(gwei(21), GWEI));

    Plan plan =
        bumper.afterCheck(
            atCeiling,
            new Simulation.Success(1),
            attempt(21, 1, false),
            market(30),
            null,
            100,
            null);

    assertThat(plan.step()).isInstanceOf(Step.HoldAtCeiling.class);
    assertThat(plan.stuckSince()).isEqualTo(100L);
  }

  @Test
  void shouldCancelWhenTheCeilingStaysUnderTheBaseFeeForTheStuckBlocks() {
    FeeDecision atCeiling = new FeeDecision.AtCeiling(new Fees(gwei(21), GWEI));
    RelayAttempt latest = attempt(21, 1, false);
    Simulation ok = new Simulation.Success(1);

    Plan waiting = bumper.afterCheck(atCeiling, ok, latest, market(30), null, 102, 100L);
    Plan cancelled = bumper.afterCheck(atCeiling, ok, latest, market(30), null, 103, 100L);

    assertThat(waiting.step()).isInstanceOf(Step.HoldAtCeiling.class);
    assertThat(waiting.stuckSince()).isEqualTo(100L);
    assertThat(cancelled)
        .isEqualTo(
            new Plan(
                new Step.Cancel(
                    "fee cap "
                        + gwei(21)
                        + " wei/gas at its ceiling, below the base fee for 3 blocks (next base fee "
                        + gwei(30)
                        + ")"),
                100L));
  }
}
