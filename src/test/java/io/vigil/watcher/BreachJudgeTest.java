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
    WatchedChannel channel = closing(37, -1);
    WatchedChannel bigBounty =
        new WatchedChannel(
            channel.channelId(),
            channel.partyA(),
            channel.partyB(),
            channel.total(),
            BigInteger.valueOf(100),
            channel.challengePeriod(),
            channel.status(),
            channel.closeNonce(),
            channel.closeDeadline(),
            channel.closer(),
            channel.closeBlock(),
            channel.disputedNonce(),
            channel.disputedBy());

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
    WatchedChannel open =
        new WatchedChannel(
            "0x01",
            A,
            B,
            BigInteger.valueOf(100),
            BigInteger.valueOf(7),
            3600,
            "OPEN",
            -1,
            0,
            null,
            null,
            -1,
            null);

    assertThat(BreachJudge.judge(open, held(100), Optional.empty(), Optional.empty(), 0))
        .isInstanceOf(Verdict.Nothing.class);
  }

  private static WatchedChannel closing(long closeNonce, long disputedNonce) {
    return new WatchedChannel(
        "0x01",
        A,
        B,
        BigInteger.valueOf(100),
        BigInteger.valueOf(7),
        3600,
        disputedNonce >= 0 ? "DISPUTED" : "CLOSING",
        closeNonce,
        DEADLINE,
        B,
        "0x02",
        disputedNonce,
        null);
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
