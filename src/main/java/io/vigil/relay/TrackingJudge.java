package io.vigil.relay;

import io.vigil.relay.chain.RelayChain.FeeMarket;
import io.vigil.relay.chain.RelayChain.Receipt;
import io.vigil.relay.fee.FeeStrategy;
import io.vigil.relay.fee.Fees;
import io.vigil.relay.persistence.RelayAttempt;
import io.vigil.relay.persistence.RelayTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Decides, from what the node says about a request's attempts (their receipts, whether it still
 * holds them, the head), what tracking does next: record an inclusion, undo one a reorg took away,
 * send, re-send, re-price, or wait. Pure: the {@link Responder} asks the node and carries it out.
 */
public final class TrackingJudge {

  /** How long a client transaction is left to the API that took it, which broadcasts it. */
  static final Duration CLIENT_GRACE = Duration.ofSeconds(5);

  private TrackingJudge() {}

  /**
   * Whether tracking looks at {@code tx} now: not a client transaction that was never sent and
   * arrived less than {@link #CLIENT_GRACE} ago (the API that took it is broadcasting it).
   */
  public static boolean tracks(RelayTransaction tx, Instant now) {
    return tx.own() || tx.sends != 0 || !tx.createdAt.plus(CLIENT_GRACE).isAfter(now);
  }

  /** What to do about one tracked request. */
  public sealed interface Verdict {

    /** The request has no attempt to follow. */
    record Untracked() implements Verdict {}

    /**
     * An attempt is mined and its receipt changes the row (a new block or more confirmations).
     * {@code replayRevert}: the receipt is a failure new to the row, whose reason a replay of the
     * call at the block before can tell.
     */
    record Included(RelayAttempt mined, Receipt receipt, boolean replayRevert) implements Verdict {}

    /** An attempt is mined and the row says so already. */
    record Unchanged() implements Verdict {}

    /**
     * The row names a block that no longer holds any attempt; {@code inPool}: the node still holds
     * one of them.
     */
    record ReorgedOut(RelayAttempt latest, boolean inPool) implements Verdict {}

    /** Stored but never sent: send the latest attempt. */
    record Unsent(RelayAttempt latest) implements Verdict {}

    /**
     * Sent, not mined, and the node knows none of the attempts: re-send it, or re-price it when
     * that cannot help ({@link #reprices}).
     */
    record Vanished(RelayAttempt latest) implements Verdict {}

    /** An own transaction the node holds, not mined yet: see whether its fees should move. */
    record Pending(RelayAttempt latest) implements Verdict {}

    /** A client transaction the node holds, not mined yet: the relay never re-prices it. */
    record Waiting() implements Verdict {}
  }

  /**
   * The verdict on {@code tx}, whose attempts are {@code attempts} (newest first), given the
   * receipts found by hash, whether the node knows each unmined hash, and the head.
   */
  public static Verdict judge(
      RelayTransaction tx,
      List<RelayAttempt> attempts,
      Map<String, Receipt> receipts,
      Map<String, Boolean> known,
      long head) {
    if (attempts.isEmpty()) {
      return new Verdict.Untracked();
    }
    RelayAttempt mined =
        attempts.stream().filter(a -> receipts.containsKey(a.txHash)).findFirst().orElse(null);
    if (mined != null) {
      Receipt receipt = receipts.get(mined.txHash);
      boolean newBlock = !receipt.blockHash().equals(tx.blockHash);
      if (newBlock || confirmations(head, receipt) != tx.confirmations) {
        return new Verdict.Included(
            mined, receipt, !receipt.success() && newBlock && !mined.cancels);
      }
      return new Verdict.Unchanged();
    }
    boolean anyKnown = attempts.stream().anyMatch(a -> known.getOrDefault(a.txHash, false));
    RelayAttempt latest = attempts.get(0);
    if (tx.blockHash != null) {
      return new Verdict.ReorgedOut(latest, anyKnown);
    }
    if (tx.sends == 0) {
      return new Verdict.Unsent(latest);
    }
    if (!anyKnown) {
      return new Verdict.Vanished(latest);
    }
    return tx.own() ? new Verdict.Pending(latest) : new Verdict.Waiting();
  }

  /**
   * Whether a vanished transaction is re-priced rather than sent again: an own one under the base
   * fee, which nodes drop (or refuse to take back), so sending it again cannot help. {@code market}
   * is read only for an own transaction.
   */
  public static boolean reprices(RelayTransaction tx, RelayAttempt latest, FeeMarket market) {
    return tx.own()
        && FeeStrategy.unmineable(
            new Fees(latest.maxFee, latest.priorityFee), market.nextBaseFee());
  }

  /** Confirmations of a receipt at {@code head}: at least one. */
  public static int confirmations(long head, Receipt receipt) {
    return (int) Math.max(1, head - receipt.blockNumber() + 1);
  }

  /**
   * Moves a row (read by this pass, not yet stored) to what its receipt says. {@code cancellation}:
   * the mined attempt is the cancellation, not the request's own transaction; {@code revertReason}:
   * what the row says when the receipt is a failure; {@code required}: confirmations to confirm.
   */
  public static void include(
      RelayTransaction tx,
      Receipt receipt,
      String revertReason,
      boolean cancellation,
      long head,
      int required,
      Instant now) {
    int confirmations = confirmations(head, receipt);
    boolean wasReorged = tx.blockHash != null && !receipt.blockHash().equals(tx.blockHash);
    String note = null;
    if (!receipt.txHash().equals(tx.txHash)) {
      note = "included as " + receipt.txHash() + " (an earlier attempt at this nonce)";
      tx.txHash = receipt.txHash();
    }
    if (wasReorged) {
      note = "re-included in block " + receipt.blockNumber() + " after a reorg";
    }
    tx.blockNumber = receipt.blockNumber();
    tx.blockHash = receipt.blockHash();
    tx.gasUsed = receipt.gasUsed();
    tx.effectiveGasPrice = receipt.effectiveGasPrice();
    tx.confirmations = confirmations;
    if (cancellation) {
      String cancelled =
          "nonce "
              + tx.nonce
              + " taken by the cancellation "
              + receipt.txHash()
              + ": the transaction could no longer be mined";
      if (confirmations >= required) {
        RelayLedger.move(tx, TxStatus.CANCELLED, cancelled, now);
      } else {
        RelayLedger.move(tx, TxStatus.INCLUDED, cancelled + " (cancellation included)", now);
      }
      return;
    }
    if (!receipt.success()) {
      RelayLedger.move(tx, TxStatus.FAILED, revertReason, now);
    } else if (confirmations >= required) {
      RelayLedger.move(tx, TxStatus.CONFIRMED, note, now);
    } else {
      RelayLedger.move(tx, TxStatus.INCLUDED, note, now);
    }
  }

  /** The status and reason a reorged-out row moves to. */
  public record Undone(TxStatus status, String reason) {}

  /**
   * Clears the inclusion from a row whose block a reorg took away, and says what it moves to:
   * IN_POOL when the node still holds an attempt, DROPPED (to be re-sent) when not.
   */
  public static Undone reorgedOut(RelayTransaction tx, boolean inPool) {
    String reason = "reorged out of block " + tx.blockNumber;
    tx.blockNumber = null;
    tx.blockHash = null;
    tx.confirmations = 0;
    tx.gasUsed = null;
    tx.effectiveGasPrice = null;
    return new Undone(inPool ? TxStatus.IN_POOL : TxStatus.DROPPED, reason);
  }
}
