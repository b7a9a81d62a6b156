package io.vigil.core.chain;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What is known of a head subscription at one moment, and the mode it puts the follower in: a
 * value, so the decision (push, stalled or poll) is a pure function of it, the clock and the stall
 * timeout.
 *
 * <p>Invariant: {@code lastHead} is empty unless {@code subscribedAt} is set, and never before it.
 */
public record HeadFeed(Optional<Instant> subscribedAt, Optional<Instant> lastHead) {

  /** How new heads reach the follower. */
  public enum Mode {
    /** Heads arrive by push: the follower wakes on each one (and still polls as a backstop). */
    PUSH,
    /** Subscribed, but no head for longer than the stall timeout: the follower only polls. */
    STALLED,
    /** No subscription (none configured, refused, or lost): the follower only polls. */
    POLL;

    /** Lower-case name, for health data and logs. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public HeadFeed {
    if (subscribedAt.isEmpty() && lastHead.isPresent()) {
      throw new IllegalArgumentException("a head without a subscription");
    }
  }

  /** No subscription. */
  public static HeadFeed none() {
    return new HeadFeed(Optional.empty(), Optional.empty());
  }

  /** A subscription made at {@code at}, no head yet. */
  public static HeadFeed subscribedAt(Instant at) {
    return new HeadFeed(Optional.of(at), Optional.empty());
  }

  /** This feed after a head arrived at {@code at}; a head without a subscription is ignored. */
  public HeadFeed headArrived(Instant at) {
    if (subscribedAt.isEmpty()) {
      return this;
    }
    Instant newest = lastSign().isAfter(at) ? lastSign() : at;
    return new HeadFeed(subscribedAt, Optional.of(newest));
  }

  /**
   * The last sign of life: the newest head, or the subscription itself before the first head.
   * Defined only while subscribed.
   */
  private Instant lastSign() {
    return lastHead.or(() -> subscribedAt).orElseThrow();
  }

  /** The mode at {@code now}: stalled once the last sign of life is as old as the timeout. */
  public Mode mode(Instant now, Duration stallTimeout) {
    if (subscribedAt.isEmpty()) {
      return Mode.POLL;
    }
    return Duration.between(lastSign(), now).compareTo(stallTimeout) >= 0
        ? Mode.STALLED
        : Mode.PUSH;
  }

  /**
   * Time left at {@code now} before the feed counts as stalled; zero when stalled or not
   * subscribed.
   */
  public Duration untilStall(Instant now, Duration stallTimeout) {
    if (subscribedAt.isEmpty()) {
      return Duration.ZERO;
    }
    Duration left = stallTimeout.minus(Duration.between(lastSign(), now));
    return left.isNegative() ? Duration.ZERO : left;
  }
}
