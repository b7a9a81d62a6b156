package io.vigil.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.messaging.TransactionOutcome.Status;
import io.vigil.watcher.RequestLedger.Triage;
import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.RequestRow;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestLedgerTest {

  private static final String CHANNEL = "0x" + "01".repeat(32);

  @Test
  void shouldFindTheLiveDisputeForTheHeldNonceOnly() {
    List<RequestRow> disputes =
        List.of(
            row("dispute:" + CHANNEL + ":4", "INCLUDED"),
            row("dispute:" + CHANNEL + ":5", "FAILED"),
            row("dispute:" + CHANNEL + ":5:2", "REQUESTED"));

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
                    row("settle:" + CHANNEL, "DROPPED"),
                    row("settle:" + CHANNEL + ":2", "CONFIRMED"),
                    row("settle:" + CHANNEL + ":3", "REQUESTED"))))
        .contains("settle:" + CHANNEL + ":2");
    assertThat(RequestLedger.liveSettle(List.of(row("settle:" + CHANNEL, "REORGED")))).isEmpty();
  }

  @Test
  void shouldNumberTheNextDisputeByTheAttemptsAtTheSameNonce() {
    assertThat(RequestLedger.disputeId(CHANNEL, 5, List.of()))
        .isEqualTo("dispute:" + CHANNEL + ":5");
    assertThat(
            RequestLedger.disputeId(
                CHANNEL,
                5,
                List.of(
                    row("dispute:" + CHANNEL + ":4", "FAILED"),
                    row("dispute:" + CHANNEL + ":5", "FAILED"))))
        .isEqualTo("dispute:" + CHANNEL + ":5:2");
    assertThat(
            RequestLedger.disputeId(
                CHANNEL,
                5,
                List.of(
                    row("dispute:" + CHANNEL + ":5", "FAILED"),
                    row("dispute:" + CHANNEL + ":5:2", "DROPPED"))))
        .isEqualTo("dispute:" + CHANNEL + ":5:3");
  }

  @Test
  void shouldNumberTheNextSettleByEveryEarlierSettle() {
    assertThat(RequestLedger.settleId(CHANNEL, List.of())).isEqualTo("settle:" + CHANNEL);
    assertThat(
            RequestLedger.settleId(
                CHANNEL,
                List.of(
                    row("settle:" + CHANNEL, "FAILED"), row("settle:" + CHANNEL + ":2", "FAILED"))))
        .isEqualTo("settle:" + CHANNEL + ":3");
  }

  @Test
  void shouldReadTheNonceOfADisputeIdAndNoneOfOtherIds() {
    assertThat(RequestLedger.disputeNonce("dispute:" + CHANNEL + ":12:3")).isEqualTo(12);
    assertThat(RequestLedger.disputeNonce("settle:" + CHANNEL)).isEqualTo(-1);
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

  private static RequestRow row(String requestId, String status) {
    return new RequestRow(requestId, "DISPUTE", status, true, null, null, null, null, "{}");
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
