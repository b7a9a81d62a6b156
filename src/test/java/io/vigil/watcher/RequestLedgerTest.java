package io.vigil.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.concurrent.Backoff;
import io.vigil.core.messaging.TransactionOutcome.Status;
import io.vigil.watcher.RequestLedger.Pacing;
import io.vigil.watcher.RequestLedger.Triage;
import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.RequestRow;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestLedgerTest {

  private static final String CHANNEL = "0x" + "01".repeat(32);
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Backoff FAILED_RETRIES =
      Backoff.upTo(Duration.ofSeconds(15), RequestLedger.MAX_BACKOFF_FACTOR);

  @Test
  void shouldProceedWhenTheLastRequestDidNotFail() {
    assertThat(RequestLedger.pace(null, dispute(), NOW)).isEqualTo(Pacing.PROCEED);
  }

  @Test
  void shouldWaitToDisputeOrSettleAgainUntilTheBackoffEnds() {
    Backoff.Streak backoff = Backoff.Streak.NONE.failedAgain(NOW, FAILED_RETRIES);

    assertThat(RequestLedger.pace(backoff, dispute(), NOW)).isEqualTo(Pacing.WAIT);
    assertThat(RequestLedger.pace(backoff, new Verdict.Settle(10, false), NOW.plusSeconds(14)))
        .isEqualTo(Pacing.WAIT);
    assertThat(RequestLedger.pace(backoff, dispute(), NOW.plusSeconds(15)))
        .isEqualTo(Pacing.PROCEED);
  }

  @Test
  void shouldForgetTheBackoffWhenTheVerdictAsksForNoRequest() {
    Backoff.Streak backoff = Backoff.Streak.NONE.failedAgain(NOW, FAILED_RETRIES);

    assertThat(RequestLedger.pace(backoff, new Verdict.Nothing("settled"), NOW))
        .isEqualTo(Pacing.FORGET);
    assertThat(RequestLedger.pace(backoff, new Verdict.AlreadyRequested("dispute:0x01:5"), NOW))
        .isEqualTo(Pacing.FORGET);
  }

  private static Verdict dispute() {
    return new Verdict.Dispute(5, 100, "0x" + "aa".repeat(20), BigInteger.ONE);
  }

  @Test
  void shouldFindTheLiveDisputeForTheHeldNonceOnly() {
    List<RequestRow> disputes =
        List.of(
            dispute(4, "", "INCLUDED"), dispute(5, "", "FAILED"), dispute(5, ":2", "REQUESTED"));

    assertThat(RequestLedger.liveDispute(Optional.of(held(5)), disputes))
        .contains("dispute:" + CHANNEL + ":5:2");
    assertThat(RequestLedger.liveDispute(Optional.of(held(6)), disputes)).isEmpty();
    assertThat(RequestLedger.liveDispute(Optional.empty(), disputes)).isEmpty();
  }

  @Test
  void shouldFindTheFirstSettleThatIsStillLive() {
    assertThat(
            RequestLedger.liveSettle(
                List.of(
                    settle("settle:" + CHANNEL, "DROPPED"),
                    settle("settle:" + CHANNEL + ":2", "CONFIRMED"),
                    settle("settle:" + CHANNEL + ":3", "REQUESTED"))))
        .contains("settle:" + CHANNEL + ":2");
    assertThat(RequestLedger.liveSettle(List.of(settle("settle:" + CHANNEL, "REORGED")))).isEmpty();
  }

  @Test
  void shouldNumberTheNextDisputeByTheAttemptsAtTheSameNonce() {
    assertThat(RequestLedger.disputeId(CHANNEL, 5, List.of()))
        .isEqualTo("dispute:" + CHANNEL + ":5");
    assertThat(
            RequestLedger.disputeId(
                CHANNEL, 5, List.of(dispute(4, "", "FAILED"), dispute(5, "", "FAILED"))))
        .isEqualTo("dispute:" + CHANNEL + ":5:2");
    assertThat(
            RequestLedger.disputeId(
                CHANNEL, 5, List.of(dispute(5, "", "FAILED"), dispute(5, ":2", "DROPPED"))))
        .isEqualTo("dispute:" + CHANNEL + ":5:3");
  }

  @Test
  void shouldNumberTheNextSettleByEveryEarlierSettle() {
    assertThat(RequestLedger.settleId(CHANNEL, List.of())).isEqualTo("settle:" + CHANNEL);
    assertThat(
            RequestLedger.settleId(
                CHANNEL,
                List.of(
                    settle("settle:" + CHANNEL, "FAILED"),
                    settle("settle:" + CHANNEL + ":2", "FAILED"))))
        .isEqualTo("settle:" + CHANNEL + ":3");
  }

  @Test
  void shouldTellTheNonceOfADisputeFromItsRowAndNoneOfOtherRequests() {
    assertThat(dispute(12, ":3", "FAILED").disputes(12)).isTrue();
    assertThat(settle("settle:" + CHANNEL, "FAILED").disputes(-1)).isFalse();
  }

  @Test
  void shouldIgnoreALateInclusionOfARequestAReorgRemoved() {
    assertThat(RequestLedger.triage("REORGED", Status.INCLUDED)).isEqualTo(Triage.IGNORE);
    assertThat(RequestLedger.triage("REORGED", Status.CONFIRMED)).isEqualTo(Triage.IGNORE);
    assertThat(RequestLedger.triage("REORGED", Status.FAILED))
        .isEqualTo(Triage.RECORD_AND_BACK_OFF);
  }

  @Test
  void shouldBackOffAfterAFailureAndRetryAtOnceAfterADropOrCancel() {
    assertThat(RequestLedger.triage("REQUESTED", Status.FAILED))
        .isEqualTo(Triage.RECORD_AND_BACK_OFF);
    assertThat(RequestLedger.triage("IN_POOL", Status.DROPPED)).isEqualTo(Triage.RECORD_AND_RETRY);
    assertThat(RequestLedger.triage("IN_POOL", Status.CANCELLED))
        .isEqualTo(Triage.RECORD_AND_RETRY);
  }

  @Test
  void shouldOnlyRecordEveryOtherReport() {
    for (Status status :
        List.of(
            Status.PENDING,
            Status.IN_POOL,
            Status.INCLUDED,
            Status.CONFIRMED,
            Status.REPLACED,
            Status.RESENT)) {
      assertThat(RequestLedger.triage("REQUESTED", status)).isEqualTo(Triage.RECORD);
    }
  }

  /** A dispute row as the Enforcer writes it: the nonce in its column and in its id. */
  private static RequestRow dispute(long nonce, String attempt, String status) {
    return disputeRow("dispute:" + CHANNEL + ":" + nonce + attempt, nonce, status);
  }

  private static RequestRow disputeRow(String requestId, long nonce, String status) {
    return new RequestRow(requestId, "DISPUTE", nonce, status, true, null, null, null, null, "{}");
  }

  private static RequestRow settle(String requestId, String status) {
    return new RequestRow(requestId, "SETTLE", null, status, true, null, null, null, null, "{}");
  }

  private static HeldState held(long nonce) {
    return new HeldState(
        CHANNEL,
        nonce,
        BigInteger.ONE,
        BigInteger.ONE,
        new byte[65],
        new byte[65],
        "0x" + "aa".repeat(20),
        "0x" + "bb".repeat(20),
        null,
        null,
        "0x" + "aa".repeat(20),
        1,
        Instant.EPOCH,
        Optional.empty());
  }
}
