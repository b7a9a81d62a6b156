package io.vigil.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.WithDefault;
import io.vigil.watcher.WatchPolicy.Admission;
import io.vigil.watcher.WatchPolicy.Protection;
import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.WatchedChannel;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WatchPolicyTest {

  private static final String A = "0x" + "aa".repeat(20);
  private static final String B = "0x" + "bb".repeat(20);
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);
  private static final BigInteger MIN_VALUE = new BigInteger("150000000000000000");
  private static final long HOUR = 3600;

  private final WatchPolicy policy = new WatchPolicy(Duration.ofHours(1), MIN_VALUE, 150_000, 2);

  @Test
  void shouldCountTheOwnBalanceAndTheBountyWhenTheCounterpartyCanPayIt() {
    assertThat(WatchPolicy.valueAtStake(wei(40), wei(60), wei(7))).isEqualTo(wei(47));
  }

  @Test
  void shouldCountTheBountyOnlyUpToTheCounterpartysBalance() {
    assertThat(WatchPolicy.valueAtStake(wei(40), wei(5), wei(7))).isEqualTo(wei(45));
    assertThat(WatchPolicy.valueAtStake(wei(40), BigInteger.ZERO, wei(7))).isEqualTo(wei(40));
  }

  @Test
  void shouldTakeTheValueAtStakeOfAHeldStateForThePartyThatDelegatedIt() {
    WatchedChannel channel = open(HOUR, wei(7));

    assertThat(WatchPolicy.valueAtStake(channel, held(wei(40), wei(60), A))).isEqualTo(wei(47));
    assertThat(WatchPolicy.valueAtStake(channel, held(wei(40), wei(60), B))).isEqualTo(wei(67));
  }

  @Test
  void shouldRefuseNamingTheChannelWhenTheChallengePeriodIsOneSecond() {
    Admission admission = policy.admit(open(1, BigInteger.ZERO), false, ether(1), ether(1));

    assertThat(admission)
        .isEqualTo(
            new Admission.Refused(
                "state.channelId",
                "state.channelId: the channel's challenge period is 1 s, below this watcher's"
                    + " minimum of 3600 s: too short to be sure a dispute lands in time"));
  }

  @Test
  void shouldRefuseAChallengePeriodOneSecondBelowTheMinimumAndAdmitTheMinimumItself() {
    assertThat(policy.admit(open(HOUR - 1, BigInteger.ZERO), false, ether(1), ether(1)))
        .isInstanceOf(Admission.Refused.class);
    assertThat(policy.admit(open(HOUR, BigInteger.ZERO), false, ether(1), ether(1)))
        .isEqualTo(new Admission.Admitted(ether(1)));
  }

  @Test
  void shouldNotCheckAChallengePeriodThatWasNeverRecorded() {
    assertThat(policy.admit(open(-1, BigInteger.ZERO), false, ether(1), ether(1)))
        .isInstanceOf(Admission.Admitted.class);
  }

  @Test
  void shouldRefuseNamingTheDelegatingPartysBalanceWhenTheValueCannotPayADispute() {
    Admission admission =
        policy.admit(open(HOUR, wei(1000)), false, ether(1), BigInteger.TEN.pow(15));

    assertThat(admission)
        .isEqualTo(
            new Admission.Refused(
                "state.balanceB",
                "state.balanceB: 1000000000001000 wei at stake for party B (its balance"
                    + " 1000000000000000 + the bounty a dispute earns 1000), below this watcher's"
                    + " minimum of 150000000000000000 wei: a dispute would not pay"));
  }

  @Test
  void shouldNameBalanceAWhenPartyADelegated() {
    Admission admission = policy.admit(open(HOUR, BigInteger.ZERO), true, wei(5), ether(1));

    assertThat(admission).isInstanceOf(Admission.Refused.class);
    assertThat(((Admission.Refused) admission).field()).isEqualTo("state.balanceA");
  }

  @Test
  void shouldRefuseOneWeiBelowTheMinimumValueAndAdmitTheMinimumItself() {
    BigInteger below = MIN_VALUE.subtract(BigInteger.ONE);

    assertThat(policy.admit(open(HOUR, BigInteger.ZERO), false, ether(1), below))
        .isInstanceOf(Admission.Refused.class);
    assertThat(policy.admit(open(HOUR, BigInteger.ZERO), false, ether(1), MIN_VALUE))
        .isEqualTo(new Admission.Admitted(MIN_VALUE));
  }

  @Test
  void shouldAdmitASmallBalanceThatTheBountyLiftsToTheMinimum() {
    BigInteger balance = BigInteger.TEN.pow(16);
    BigInteger bounty = MIN_VALUE.subtract(balance);

    assertThat(policy.admit(open(HOUR, bounty), false, ether(1), balance))
        .isEqualTo(new Admission.Admitted(MIN_VALUE));
  }

  @Test
  void shouldRefuseWhenOnlyABountyTheCounterpartyCannotPayWouldReachTheMinimum() {
    // B delegates holding everything; A, the would-be closer, has nothing to forfeit.
    Admission admission = policy.admit(open(HOUR, ether(1)), false, BigInteger.ZERO, wei(1000));

    assertThat(admission).isInstanceOf(Admission.Refused.class);
    assertThat(((Admission.Refused) admission).detail())
        .startsWith("state.balanceB: 1000 wei at stake");
  }

  @Test
  void shouldNameTheChallengePeriodFirstWhenBothAreOutsideThePolicy() {
    Admission admission = policy.admit(open(1, BigInteger.ZERO), false, ether(1), wei(1));

    assertThat(((Admission.Refused) admission).field()).isEqualTo("state.channelId");
  }

  @Test
  void shouldDefaultToOneHourAndDisputeGasTimesTwoHundredGweiTimesFive() throws Exception {
    long gas = Long.parseLong(defaultOf("disputeGas"));
    BigInteger highBaseFee = GWEI.multiply(BigInteger.valueOf(200));

    assertThat(Duration.parse("PT" + defaultOf("minChallengePeriod").toUpperCase()))
        .isEqualTo(Duration.ofHours(1));
    assertThat(gas).isEqualTo(150_000);
    assertThat(new BigInteger(defaultOf("minValueAtStake")))
        .isEqualTo(BigInteger.valueOf(gas).multiply(highBaseFee).multiply(BigInteger.valueOf(5)))
        .isEqualTo(MIN_VALUE);
    assertThat(defaultOf("priceMargin")).isEqualTo("2");
  }

  @Test
  void shouldRequireDisputeGasTimesNextBaseFeeTimesMargin() {
    assertThat(policy.required(GWEI.multiply(BigInteger.valueOf(500))))
        .isEqualTo(BigInteger.valueOf(150_000).multiply(GWEI).multiply(BigInteger.valueOf(1000)));
  }

  @Test
  void shouldPriceTheMinimumValueUpToFiveHundredGweiAndNotAbove() {
    BigInteger fiveHundred = GWEI.multiply(BigInteger.valueOf(500));

    assertThat(policy.price(MIN_VALUE, fiveHundred))
        .isEqualTo(new Protection.Priced(MIN_VALUE, MIN_VALUE));
    assertThat(policy.price(MIN_VALUE, fiveHundred.add(BigInteger.ONE)))
        .isInstanceOf(Protection.AtRisk.class);
    assertThat(policy.price(MIN_VALUE.subtract(BigInteger.ONE), fiveHundred))
        .isEqualTo(new Protection.AtRisk(MIN_VALUE.subtract(BigInteger.ONE), MIN_VALUE));
  }

  @Test
  void shouldPriceEveryValueWhenThereIsNoBaseFee() {
    assertThat(policy.price(BigInteger.ZERO, BigInteger.ZERO))
        .isEqualTo(new Protection.Priced(BigInteger.ZERO, BigInteger.ZERO));
  }

  @Test
  void shouldReportAHeldOpenChannelAtRiskWhenFeesRoseAboveWhatItsValuePays() {
    WatchedChannel channel = open(HOUR, BigInteger.ZERO);
    HeldState held = held(ether(1), MIN_VALUE, B);

    assertThat(policy.protection(channel, held, GWEI.multiply(BigInteger.valueOf(100))))
        .isInstanceOf(Protection.Priced.class);
    assertThat(policy.protection(channel, held, GWEI.multiply(BigInteger.valueOf(600))))
        .isEqualTo(
            new Protection.AtRisk(
                MIN_VALUE,
                BigInteger.valueOf(150_000)
                    .multiply(GWEI.multiply(BigInteger.valueOf(600)))
                    .multiply(BigInteger.TWO)));
  }

  @Test
  void shouldStillPriceAStaleCloseThatTheHeldStateMustDispute() {
    WatchedChannel closing = closing(3, -1);

    assertThat(policy.protection(closing, held(ether(1), wei(1), B), GWEI))
        .isInstanceOf(Protection.AtRisk.class);
  }

  @Test
  void shouldNeedNoDisputeWhenTheChainHoldsTheHeldNonceOrTheChannelIsOver() {
    HeldState small = held(ether(1), wei(1), B);

    assertThat(policy.protection(closing(5, -1), small, GWEI))
        .isInstanceOf(Protection.NotNeeded.class);
    assertThat(policy.protection(closing(3, 5), small, GWEI))
        .isInstanceOf(Protection.NotNeeded.class);
    assertThat(policy.protection(terms(HOUR, BigInteger.ZERO).settled(), small, GWEI))
        .isInstanceOf(Protection.NotNeeded.class);
  }

  @Test
  void shouldRefuseSettingsThatCannotBeApplied() {
    assertThatThrownBy(() -> new WatchPolicy(Duration.ofHours(1), MIN_VALUE, 0, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WatchPolicy(Duration.ofHours(1), MIN_VALUE, 150_000, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WatchPolicy(Duration.ofHours(1), wei(-1), 150_000, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String defaultOf(String property) throws NoSuchMethodException {
    return WatcherConfig.Policy.class.getMethod(property).getAnnotation(WithDefault.class).value();
  }

  private static BigInteger wei(long amount) {
    return BigInteger.valueOf(amount);
  }

  private static BigInteger ether(long amount) {
    return BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(amount));
  }

  private static ChannelTerms terms(long challengePeriod, BigInteger bounty) {
    return new ChannelTerms("0x01", A, B, ether(2), bounty, challengePeriod);
  }

  private static WatchedChannel open(long challengePeriod, BigInteger bounty) {
    return terms(challengePeriod, bounty).open();
  }

  private static WatchedChannel closing(long closeNonce, long disputedNonce) {
    return terms(HOUR, BigInteger.ZERO).closedBy(A, closeNonce, 10_000, disputedNonce);
  }

  /** A held state with nonce 5, delegated by {@code client}. */
  private static HeldState held(BigInteger balanceA, BigInteger balanceB, String client) {
    return new HeldState(
        "0x01",
        5,
        balanceA,
        balanceB,
        new byte[65],
        new byte[65],
        A,
        B,
        client.equals(A) ? new byte[65] : null,
        client.equals(B) ? new byte[65] : null,
        client,
        1,
        Instant.EPOCH,
        Optional.empty());
  }
}
