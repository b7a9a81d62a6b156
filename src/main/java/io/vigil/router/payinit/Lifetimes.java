package io.vigil.router.payinit;

import java.time.Duration;
import java.time.Instant;

/** Decides when a posted envelope expires, from what the sender asked and the server's bounds. */
public final class Lifetimes {

  /** The decision: an expiry, or the reason the requested one is refused. */
  public sealed interface Expiry {
    record At(Instant expiresAt) implements Expiry {}

    record Refused(String reason) implements Expiry {}
  }

  private Lifetimes() {}

  /**
   * {@code now + defaultLifetime} when nothing is asked; the asked time when it lies after {@code
   * now} and at most {@code maxLifetime} ahead; else refused.
   */
  public static Expiry decide(
      Long requested, Instant now, Duration defaultLifetime, Duration maxLifetime) {
    Duration standard = defaultLifetime.compareTo(maxLifetime) > 0 ? maxLifetime : defaultLifetime;
    if (requested == null) {
      return new Expiry.At(now.plus(standard));
    }
    long latest = now.plus(maxLifetime).getEpochSecond();
    if (requested <= now.getEpochSecond()) {
      return new Expiry.Refused("must lie in the future (epoch seconds), it is " + requested);
    }
    if (requested > latest) {
      return new Expiry.Refused(
          "at most " + maxLifetime.toSeconds() + " seconds ahead (vigil.payinit.max-lifetime)");
    }
    return new Expiry.At(Instant.ofEpochSecond(requested));
  }
}
