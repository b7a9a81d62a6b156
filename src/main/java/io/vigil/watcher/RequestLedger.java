package io.vigil.watcher;

import io.vigil.core.concurrent.Backoff;
import io.vigil.core.messaging.TransactionOutcome;
import io.vigil.watcher.persistence.HeldState;
import io.vigil.watcher.persistence.RequestRow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads the watcher's own requests of one channel: which dispute or settle is still on its way, the
 * id of the next attempt, what a report of the relay means for a request, and whether a verdict
 * waits out the backoff of failed requests. Pure.
 *
 * <p>Request ids: {@code dispute:<channel>:<nonce>[:<attempt>]} and {@code
 * settle:<channel>[:<attempt>]}, the attempt counted from 2. The relay sends each id once, so a
 * retry needs a new one. The nonce of a dispute is read from its row, never out of its id.
 */
final class RequestLedger {

  private RequestLedger() {}

  /** What to do with a report of the relay about one of the watcher's requests. */
  enum Triage {
    /** A late report of an inclusion a reorg removed: the chain decides now. */
    IGNORE,
    /** Record it; nothing else changes. */
    RECORD,
    /** Record it, wait longer before the next attempt, and review the channel. */
    RECORD_AND_BACK_OFF,
    /** Record it, forget the wait, and review the channel. */
    RECORD_AND_RETRY
  }

  /** Longest wait after FAILED requests, in multiples of {@code failed-retry-interval}. */
  static final int MAX_BACKOFF_FACTOR = 40;

  /** What a channel's backoff means for the verdict just reached. */
  enum Pacing {
    /** Carry the verdict out. */
    PROCEED,
    /** The verdict asks for nothing more: the backoff is over, forget it. */
    FORGET,
    /** The last attempt FAILED; asking again now would most likely fail again. */
    WAIT
  }

  /**
   * Whether a verdict may be carried out now.
   *
   * @param failed the channel's FAILED disputes or settles in a row, or null when its last request
   *     did not fail
   */
  static Pacing pace(Backoff.Streak failed, Verdict verdict, Instant now) {
    if (failed == null) {
      return Pacing.PROCEED;
    }
    if (!(verdict instanceof Verdict.Dispute || verdict instanceof Verdict.Settle)) {
      return Pacing.FORGET;
    }
    return failed.waiting(now) ? Pacing.WAIT : Pacing.PROCEED;
  }

  /** A dispute request for the held nonce that has not failed, if any. */
  static Optional<String> liveDispute(Optional<HeldState> held, List<RequestRow> disputes) {
    return held.flatMap(
        state ->
            disputes.stream()
                .filter(RequestRow::live)
                .filter(row -> row.disputes(state.nonce()))
                .map(RequestRow::requestId)
                .findFirst());
  }

  /** A settle request that has not failed, if any. */
  static Optional<String> liveSettle(List<RequestRow> settles) {
    return settles.stream().filter(RequestRow::live).map(RequestRow::requestId).findFirst();
  }

  /** The id of the next dispute of {@code channel} with {@code nonce}. */
  static String disputeId(String channel, long nonce, List<RequestRow> disputes) {
    long attempts = disputes.stream().filter(row -> row.disputes(nonce)).count();
    return "dispute:" + channel + ":" + nonce + (attempts == 0 ? "" : ":" + (attempts + 1));
  }

  /** The id of the next settle of {@code channel}. */
  static String settleId(String channel, List<RequestRow> settles) {
    return "settle:" + channel + (settles.isEmpty() ? "" : ":" + (settles.size() + 1));
  }

  /**
   * What a report means for a request now in {@code requestStatus}.
   *
   * @param requestStatus the request's status as recorded before this report
   */
  static Triage triage(String requestStatus, TransactionOutcome.Status reported) {
    if (requestStatus.equals("REORGED")
        && (reported == TransactionOutcome.Status.INCLUDED
            || reported == TransactionOutcome.Status.CONFIRMED)) {
      return Triage.IGNORE;
    }
    return switch (reported) {
      case FAILED -> Triage.RECORD_AND_BACK_OFF;
      case DROPPED, CANCELLED -> Triage.RECORD_AND_RETRY;
      default -> Triage.RECORD;
    };
  }
}
