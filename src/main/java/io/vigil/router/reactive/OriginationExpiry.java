package io.vigil.router.reactive;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether an origination's {@code expires} (epoch seconds, inside the signed text) is
 * acceptable now: not yet passed, and not further ahead than {@code vigil.router.origination-max-
 * lifetime}. Together with the server address in the text, it keeps a captured origination from
 * being used elsewhere or later.
 */
public final class OriginationExpiry {

  private OriginationExpiry() {}

  /** Why {@code expires} is refused at {@code now}, or empty when it is acceptable. */
  public static Optional<String> refusal(long expires, Instant now, Duration maxLifetime) {
    long nowSeconds = now.getEpochSecond();
    if (expires <= nowSeconds) {
      return Optional.of("expired: " + expires + " is not after now (" + nowSeconds + ")");
    }
    // expires > nowSeconds >= 0, so the difference cannot overflow
    if (expires - nowSeconds > maxLifetime.toSeconds()) {
      return Optional.of(
          "must be at most "
              + maxLifetime.toSeconds()
              + " seconds from now ("
              + nowSeconds
              + "), not "
              + expires);
    }
    return Optional.empty();
  }
}
