package io.vigil.client.tower;

import java.time.Instant;
import java.util.Objects;

/**
 * One configured tower as the local store keeps it: its URL, what was pinned from {@code /info}
 * when it was added, its state since {@code since} with the reason, and, while unreachable, how
 * many calls failed in a row and when it is due to be tried again.
 */
public record Tower(
    String url,
    TowerInfo pinned,
    TowerState state,
    String reason,
    Instant since,
    int failures,
    Instant nextRetryAt) {

  public Tower {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(pinned, "pinned");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
  }

  /** A tower just added: reachable, since it answered {@code /info}. */
  public static Tower added(String url, TowerInfo pinned, Instant now) {
    return new Tower(url, pinned, TowerState.REACHABLE, null, now, 0, null);
  }

  /** The same tower in {@code next} state; {@code since} moves only when the state changes. */
  public Tower moved(TowerState next, String why, Instant now, int failureCount, Instant retryAt) {
    Instant from = next == state ? since : now;
    return new Tower(url, pinned, next, why, from, failureCount, retryAt);
  }

  /** Whether an unreachable tower's backoff has run out at {@code now}. */
  public boolean retryDue(Instant now) {
    return state == TowerState.UNREACHABLE && (nextRetryAt == null || !now.isBefore(nextRetryAt));
  }

  /** Whether states are sent to this tower at all (never to a misbehaving one). */
  public boolean trusted() {
    return state != TowerState.MISBEHAVING;
  }
}
