package io.vigil.client.tower;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When an unreachable tower is tried again: {@code first} after the first failure, doubling with
 * each further failure, never longer than {@code cap}. A server's {@code Retry-After} that is
 * longer wins.
 */
public record Backoff(Duration first, Duration cap) {

  public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(30));

  public Backoff {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(cap, "cap");
    if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < first <= cap");
    }
  }

  public static Backoff of(Duration first, Duration cap) {
    return new Backoff(first, cap);
  }

  /** The wait after {@code failures} consecutive failures (1 for the first). */
  public Duration delay(int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    int doublings = Math.min(failures - 1, 40);
    long millis = first.toMillis();
    for (int i = 0; i < doublings && millis < cap.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, cap.toMillis()));
  }

  /** When to try again after {@code failures} failures at {@code now}. */
  public Instant next(Instant now, int failures, Long retryAfterSeconds) {
    Duration wait = delay(failures);
    if (retryAfterSeconds != null && Duration.ofSeconds(retryAfterSeconds).compareTo(wait) > 0) {
      wait = Duration.ofSeconds(Math.min(retryAfterSeconds, cap.toSeconds()));
    }
    return now.plus(wait);
  }
}
