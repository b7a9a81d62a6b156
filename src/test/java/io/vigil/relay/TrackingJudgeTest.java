package io.vigil.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.relay.TrackingJudge.Verdict;
import io.vigil.relay.chain.RelayChain.FeeMarket;
import io.vigil.relay.chain.RelayChain.Receipt;
import io.vigil.relay.persistence.RelayAttempt;
import io.vigil.relay.persistence.RelayTransaction;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackingJudgeTest {

  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final BigInteger GWEI = BigInteger.valueOf(1_000_000_000L);
  static final String BLOCK_A = "0x" + "aa".repeat(32);
  static final String BLOCK_B = "0x" + "bb".repeat(32);

  static RelayTransaction row(String kind) {
    RelayTransaction tx = new RelayTransaction();
    tx.requestId = "test:" + kind;
    tx.kind = kind;
    tx.sender = "0x" + "11".repeat(20);
    tx.nonce = 7L;
    tx.txHash = hash(1);
    tx.status = TxStatus.IN_POOL;
    tx.sends = 1;
    tx.createdAt = NOW.minusSeconds(60);
    return tx;
  }

  /** An own transaction recorded as included in block 9, whose hash is {@link #BLOCK_A}. */
  static RelayTransaction includedInBlock9() {
    RelayTransaction tx = row(RelayTransaction.OWN);
    tx.blockNumber = 9L;
    tx.blockHash = BLOCK_A;
    return tx;
  }

  static String hash(int i) {
    return String.format("0x%064x", i);
  }

  static RelayAttempt attempt(int i, long maxFeeGwei, boolean cancels) {
    RelayAttempt attempt = new RelayAttempt();
    attempt.txHash = hash(i);
    attempt.maxFee = GWEI.multiply(BigInteger.valueOf(maxFeeGwei));
    attempt.priorityFee = GWEI;
    attempt.cancels = cancels;
    return attempt;
  }

  static Receipt receipt(int i, long block, String blockHash, boolean success) {
    return new Receipt(hash(i), block, blockHash, success, BigInteger.TEN, GWEI);
  }

  @Test
  void shouldWaitForTheApiWhenAClientTransactionIsNewAndUnsent() {
    RelayTransaction fresh = row(RelayTransaction.CLIENT);
    fresh.sends = 0;
    fresh.createdAt = NOW.minusSeconds(1);
    RelayTransaction old = row(RelayTransaction.CLIENT);
    old.sends = 0;
    old.createdAt = NOW.minus(TrackingJudge.CLIENT_GRACE);
    RelayTransaction own = row(RelayTransaction.OWN);
    own.sends = 0;
    own.createdAt = NOW;

    assertThat(TrackingJudge.tracks(fresh, NOW)).isFalse();
    assertThat(TrackingJudge.tracks(old, NOW)).isTrue();
    assertThat(TrackingJudge.tracks(own, NOW)).isTrue();
  }

  @Test
  void shouldTrackNothingWhenThereIsNoAttempt() {
    assertThat(TrackingJudge.judge(row("OWN"), List.of(), Map.of(), Map.of(), 10))
        .isInstanceOf(Verdict.Untracked.class);
  }

  @Test
  void shouldRecordAnInclusionWhenAnAttemptIsMinedInANewBlock() {
    RelayTransaction tx = row("OWN");
    RelayAttempt newer = attempt(2, 30, false);
    RelayAttempt older = attempt(1, 20, false);
    Receipt receipt = receipt(1, 9, BLOCK_A, true);

    Verdict verdict =
        TrackingJudge.judge(tx, List.of(newer, older), Map.of(hash(1), receipt), Map.of(), 10);

    assertThat(verdict)
        .usingRecursiveComparison()
        .isEqualTo(new Verdict.Included(older, receipt, false));
  }

  @Test
  void shouldRecordMoreConfirmationsAndNothingElseWhenTheBlockIsTheSame() {
    RelayTransaction tx = row("OWN");
    tx.blockHash = BLOCK_A;
    tx.confirmations = 2;
    RelayAttempt only = attempt(1, 20, false);
    Map<String, Receipt> receipts = Map.of(hash(1), receipt(1, 9, BLOCK_A, true));

    assertThat(TrackingJudge.judge(tx, List.of(only), receipts, Map.of(), 10))
        .isInstanceOf(Verdict.Unchanged.class);
    assertThat(TrackingJudge.judge(tx, List.of(only), receipts, Map.of(), 11))
        .isInstanceOf(Verdict.Included.class);
  }

  @Test
  void shouldReplayTheRevertOnlyOfANewFailureOfTheRequestsOwnCall() {
    RelayTransaction tx = row("OWN");
    RelayAttempt call = attempt(1, 20, false);

    assertThat(replaysFailure(tx, call, 10)).isTrue();
    assertThat(replaysFailure(tx, attempt(2, 20, true), 10)).as("a cancellation").isFalse();
    tx.blockHash = BLOCK_A;
    assertThat(replaysFailure(tx, call, 12)).isFalse();
  }

  /**
   * Whether the inclusion that {@code tx} is judged to have at {@code head}, when its only attempt
   * {@code failed} in block 9, replays the revert.
   */
  static boolean replaysFailure(RelayTransaction tx, RelayAttempt failed, long head) {
    Receipt receipt = new Receipt(failed.txHash, 9, BLOCK_A, false, BigInteger.TEN, GWEI);
    Verdict verdict =
        TrackingJudge.judge(tx, List.of(failed), Map.of(failed.txHash, receipt), Map.of(), head);
    assertThat(verdict).isInstanceOf(Verdict.Included.class);
    return ((Verdict.Included) verdict).replayRevert();
  }

  @Test
  void shouldUndoTheInclusionWhenTheBlockNoLongerHoldsAnyAttempt() {
    RelayTransaction tx = row("OWN");
    tx.blockHash = BLOCK_A;
    RelayAttempt latest = attempt(2, 30, false);
    RelayAttempt older = attempt(1, 20, false);

    assertThat(
            TrackingJudge.judge(
                tx, List.of(latest, older), Map.of(), Map.of(hash(1), true, hash(2), false), 10))
        .isEqualTo(new Verdict.ReorgedOut(latest, true));
    assertThat(TrackingJudge.judge(tx, List.of(latest, older), Map.of(), Map.of(), 10))
        .isEqualTo(new Verdict.ReorgedOut(latest, false));
  }

  @Test
  void shouldSendTheLatestAttemptWhenItWasNeverSent() {
    RelayTransaction tx = row("CLIENT");
    tx.sends = 0;
    RelayAttempt latest = attempt(1, 20, false);

    assertThat(TrackingJudge.judge(tx, List.of(latest), Map.of(), Map.of(), 10))
        .isEqualTo(new Verdict.Unsent(latest));
  }

  @Test
  void shouldCallItVanishedWhenTheNodeKnowsNoAttempt() {
    RelayTransaction tx = row("OWN");
    RelayAttempt latest = attempt(1, 20, false);

    assertThat(TrackingJudge.judge(tx, List.of(latest), Map.of(), Map.of(hash(1), false), 10))
        .isEqualTo(new Verdict.Vanished(latest));
  }

  @Test
  void shouldLookAtTheFeesOfAnOwnPendingTransactionAndWaitForAClientOne() {
    RelayAttempt latest = attempt(1, 20, false);
    Map<String, Boolean> known = Map.of(hash(1), true);

    assertThat(TrackingJudge.judge(row("OWN"), List.of(latest), Map.of(), known, 10))
        .isEqualTo(new Verdict.Pending(latest));
    assertThat(TrackingJudge.judge(row("CLIENT"), List.of(latest), Map.of(), known, 10))
        .isInstanceOf(Verdict.Waiting.class);
  }

  @Test
  void shouldRepriceAVanishedOwnTransactionOnlyWhenItIsUnderTheBaseFee() {
    RelayAttempt cheap = attempt(1, 20, false);
    FeeMarket high = new FeeMarket(GWEI.multiply(BigInteger.valueOf(25)), GWEI);
    FeeMarket low = new FeeMarket(GWEI.multiply(BigInteger.valueOf(5)), GWEI);

    assertThat(TrackingJudge.reprices(row("OWN"), cheap, high)).isTrue();
    assertThat(TrackingJudge.reprices(row("OWN"), cheap, low)).isFalse();
    assertThat(TrackingJudge.reprices(row("CLIENT"), cheap, null)).isFalse();
  }

  @Test
  void shouldConfirmWhenTheReceiptHasEnoughConfirmations() {
    RelayTransaction tx = row("OWN");

    TrackingJudge.include(tx, receipt(1, 9, BLOCK_A, true), null, false, 10, 2, NOW);

    assertThat(tx.status).isEqualTo(TxStatus.CONFIRMED);
    assertThat(tx.done).isTrue();
    assertThat(tx.confirmations).isEqualTo(2);
    assertThat(tx.blockNumber).isEqualTo(9L);
    assertThat(tx.blockHash).isEqualTo(BLOCK_A);
    assertThat(tx.reason).isNull();
  }

  @Test
  void shouldSayIncludedAndNameTheEarlierAttemptWhenItWasMined() {
    RelayTransaction tx = row("OWN");
    tx.txHash = hash(2);

    TrackingJudge.include(tx, receipt(1, 10, BLOCK_A, true), null, false, 10, 3, NOW);

    assertThat(tx.status).isEqualTo(TxStatus.INCLUDED);
    assertThat(tx.done).isFalse();
    assertThat(tx.txHash).isEqualTo(hash(1));
    assertThat(tx.reason)
        .isEqualTo("included as " + hash(1) + " (an earlier attempt at this nonce)");
  }

  @Test
  void shouldSayReincludedWhenTheBlockChangedUnderAReorg() {
    RelayTransaction tx = row("OWN");
    tx.blockHash = BLOCK_A;

    TrackingJudge.include(tx, receipt(1, 11, BLOCK_B, true), null, false, 11, 3, NOW);

    assertThat(tx.reason).isEqualTo("re-included in block 11 after a reorg");
    assertThat(tx.blockHash).isEqualTo(BLOCK_B);
  }

  @Test
  void shouldFailWithTheRevertReasonWhenTheReceiptIsAFailure() {
    RelayTransaction tx = row("OWN");

    TrackingJudge.include(
        tx, receipt(1, 9, BLOCK_A, false), "reverted on chain: X", false, 9, 1, NOW);

    assertThat(tx.status).isEqualTo(TxStatus.FAILED);
    assertThat(tx.reason).isEqualTo("reverted on chain: X");
    assertThat(tx.done).isTrue();
  }

  @Test
  void shouldCancelOnlyOnceTheCancellationHasEnoughConfirmations() {
    RelayTransaction early = row("OWN");
    RelayTransaction late = row("OWN");
    String said =
        "nonce 7 taken by the cancellation "
            + hash(1)
            + ": the transaction could no longer be mined";

    TrackingJudge.include(early, receipt(1, 10, BLOCK_A, true), null, true, 10, 2, NOW);
    TrackingJudge.include(late, receipt(1, 10, BLOCK_A, true), null, true, 11, 2, NOW);

    assertThat(early.status).isEqualTo(TxStatus.INCLUDED);
    assertThat(early.reason).isEqualTo(said + " (cancellation included)");
    assertThat(late.status).isEqualTo(TxStatus.CANCELLED);
    assertThat(late.reason).isEqualTo(said);
    assertThat(late.done).isTrue();
  }

  @Test
  void shouldClearTheInclusionAndKeepItInThePoolWhenTheNodeStillHoldsIt() {
    RelayTransaction tx = includedInBlock9();
    tx.confirmations = 2;
    tx.gasUsed = BigInteger.TEN;
    tx.effectiveGasPrice = GWEI;

    TrackingJudge.Undone undone = TrackingJudge.reorgedOut(tx, true);

    assertThat(undone)
        .isEqualTo(new TrackingJudge.Undone(TxStatus.IN_POOL, "reorged out of block 9"));
    assertThat(tx.blockNumber).isNull();
    assertThat(tx.blockHash).isNull();
    assertThat(tx.confirmations).isZero();
    assertThat(tx.gasUsed).isNull();
    assertThat(tx.effectiveGasPrice).isNull();
  }

  @Test
  void shouldDropAReorgedOutTransactionTheNodeNoLongerHolds() {
    RelayTransaction tx = includedInBlock9();

    assertThat(TrackingJudge.reorgedOut(tx, false).status()).isEqualTo(TxStatus.DROPPED);
  }
}
