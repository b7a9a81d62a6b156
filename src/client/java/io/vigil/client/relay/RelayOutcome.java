package io.vigil.client.relay;

/**
 * How following a relayed transaction ended: final (confirmed, failed with the revert reason,
 * cancelled), or, when the wait ran out first, the last status seen (replaced, dropped, or still on
 * its way). Replaced and dropped are not final: the relay keeps tracking, so asking again later can
 * still end in CONFIRMED.
 */
public sealed interface RelayOutcome {

  /** The last status the relay reported; null only when no relay answered at all. */
  RelayStatus last();

  /** Whether the relay will report no further change. */
  default boolean isFinal() {
    return this instanceof Confirmed || this instanceof Failed || this instanceof Cancelled;
  }

  /** The status name, or {@code UNKNOWN} when no relay answered. */
  default String statusName() {
    return last() == null ? "UNKNOWN" : last().status().name();
  }

  /** Mined and confirmed to the relay's depth. */
  record Confirmed(RelayStatus last) implements RelayOutcome {}

  /** Refused before sending (would revert) or mined and reverted; {@code reason} says why. */
  record Failed(RelayStatus last, String reason) implements RelayOutcome {}

  /** Another transaction took its nonce. */
  record Cancelled(RelayStatus last, String reason) implements RelayOutcome {}

  /** Replaced at its nonce (the hash in {@code last} is the new one); not final. */
  record Replaced(RelayStatus last, String reason) implements RelayOutcome {}

  /** Gone from the pool or reorged out, waiting to be re-sent; not final. */
  record Dropped(RelayStatus last, String reason) implements RelayOutcome {}

  /** Still pending, in the pool or included with too few confirmations when the wait ran out. */
  record Pending(RelayStatus last) implements RelayOutcome {}

  /** The outcome a status stands for. */
  static RelayOutcome of(RelayStatus status) {
    if (status == null) {
      return new Pending(null);
    }
    return switch (status.status()) {
      case CONFIRMED -> new Confirmed(status);
      case FAILED -> new Failed(status, status.reason());
      case CANCELLED -> new Cancelled(status, status.reason());
      case REPLACED -> new Replaced(status, status.reason());
      case DROPPED -> new Dropped(status, status.reason());
      case PENDING, IN_POOL, INCLUDED, RESENT -> new Pending(status);
    };
  }
}
