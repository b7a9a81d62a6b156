package io.vigil.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.WatchedChannel;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BreachJudgeTest {

  private static final String A = "0x" + "aa".repeat(20);
  private static final String B = "0x" + "bb".repeat(20);
  private static final long DEADLINE = 10_000;

  @Test
  void shouldDisputeWhenTheCloseUsesAnOlderNonceThanTheHeldState() {
    Verdict verdict =
        BreachJudge.judge(
            closing(37, -1), held(100), Optional.empty(), Optional.empty(), DEADLINE - 5);

    assertThat(verdict)
        .isEqualTo(new Verdict.Dispute(100, DEADLINE, B, BigInteger.valueOf(40 + 7)));
  }

  @Test
  void shouldCountOnlyTheBountyTheClosersBalanceCanPayInTheValueAtStake() {
    // The closer B has 60 in the held state; a bounty of 100 is paid only up to that.
    WatchedChannel bigBounty = terms(BigInteger.valueOf(100)).closedBy(B, 37, DEADLINE, -1);

    Verdict verdict =
        BreachJudge.judge(bigBounty, held(100), Optional.empty(), Optional.empty(), DEADLINE - 5);

    assertThat(verdict)
        .isEqualTo(new Verdict.Dispute(100, DEADLINE, B, BigInteger.valueOf(40 + 60)));
  }

  @Test
  void shouldDisputeUntilTheDeadlineSecondItselfWhenTheHubStillAcceptsIt() {
    Verdict verdict =
        BreachJudge.judge(closing(37, -1), held(100), Optional.empty(), Optional.empty(), DEADLINE);

    assertThat(verdict).isInstanceOf(Verdict.Dispute.class);
  }

  @Test
  void shouldDoNothingWhenTheCloseIsTheLatestState() {
    Verdict verdict =
        BreachJudge.judge(
            closing(100, -1), held(100), Optional.empty(), Optional.empty(), DEADLINE - 5);

    assertThat(verdict).isInstanceOf(Verdict.Nothing.class);
  }

  @Test
  void shouldDoNothingWhenADisputeAlreadyPutTheHeldNonceOnChain() {
    Verdict verdict =
        BreachJudge.judge(
            closing(37, 100), held(100), Optional.empty(), Optional.empty(), DEADLINE - 5);

    assertThat(verdict).isInstanceOf(Verdict.Nothing.class);
  }

  @Test
  void shouldNotRequestASecondDisputeWhileOneIsOnItsWay() {
    Verdict verdict =
        BreachJudge.judge(
            closing(37, -1),
            held(100),
            Optional.of("dispute:x:100"),
            Optional.empty(),
            DEADLINE - 5);

    assertThat(verdict).isEqualTo(new Verdict.AlreadyRequested("dispute:x:100"));
  }

  @Test
  void shouldSettleOnceTheDeadlinePassedAndNobodySettled() {
    Verdict verdict =
        BreachJudge.judge(
            closing(37, 100), held(100), Optional.empty(), Optional.empty(), DEADLINE + 1);

    assertThat(verdict).isEqualTo(new Verdict.Settle(DEADLINE, false));
  }

  @Test
  void shouldReportAMissedBreachWhenTheDeadlinePassedBeforeAnyDispute() {
    Verdict verdict =
        BreachJudge.judge(
            closing(37, -1), held(100), Optional.empty(), Optional.empty(), DEADLINE + 1);

    assertThat(verdict).isEqualTo(new Verdict.Settle(DEADLINE, true));
  }

  @Test
  void shouldNotRequestASecondSettleWhileOneIsOnItsWay() {
    Verdict verdict =
        BreachJudge.judge(
            closing(37, 100), held(100), Optional.empty(), Optional.of("settle:x"), DEADLINE + 1);

    assertThat(verdict).isEqualTo(new Verdict.AlreadyRequested("settle:x"));
  }

  @Test
  void shouldDoNothingWhenTheChannelIsOpen() {
    WatchedChannel open = terms(BigInteger.valueOf(7)).open();

    assertThat(BreachJudge.judge(open, held(100), Optional.empty(), Optional.empty(), 0))
        .isInstanceOf(Verdict.Nothing.class);
  }

  /** A channel of 100 wei with a bounty of 7, closed by B. */
  private static WatchedChannel closing(long closeNonce, long disputedNonce) {
    return terms(BigInteger.valueOf(7)).closedBy(B, closeNonce, DEADLINE, disputedNonce);
  }

  private static ChannelTerms terms(BigInteger bounty) {
    return new ChannelTerms("0x01", A, B, BigInteger.valueOf(100), bounty, 3600);
  }

  private static Optional<HeldState> held(long nonce) {
    return Optional.of(
        new HeldState(
            "0x01",
            nonce,
            BigInteger.valueOf(40),
            BigInteger.valueOf(60),
            new byte[65],
            new byte[65],
            A,
            B,
            new byte[65],
            null,
            A,
            1,
            Instant.EPOCH,
            Optional.empty()));
  }
}
