package io.vigil.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The tests' one clock: it stands still until the test sets or advances it, so a decision that
 * reads the time sees exactly the instants the test chooses. Safe to read from other threads.
 */
public final class MutableClock extends Clock {

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock standing at {@code start}, in UTC. */
  public static MutableClock at(Instant start) {
    return new MutableClock(new AtomicReference<>(start), ZoneOffset.UTC);
  }

  /** A clock standing at the epoch, in UTC. */
  public static MutableClock atEpoch() {
    return at(Instant.EPOCH);
  }

  /** Moves the clock to {@code instant}, forwards or back. */
  public void set(Instant instant) {
    now.set(instant);
  }

  /** Moves the clock forwards by {@code step}. */
  public void advance(Duration step) {
    now.updateAndGet(current -> current.plus(step));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** The same clock (moving together) seen in another zone. */
  @Override
  public Clock withZone(ZoneId other) {
    return new MutableClock(now, other);
  }
}
