package io.vigil.core.limits;

import java.time.Duration;
import java.time.Instant;

/**
 * The arithmetic of a token bucket: it holds at most {@code burst} tokens, gains {@code
 * ratePerSecond} of them per second, and each admitted request takes one. Pure; {@link RateLimiter}
 * runs the same arithmetic in one SQL statement so that every replica shares each bucket, and its
 * integration test checks that both agree.
 */
public record TokenBucket(double ratePerSecond, int burst) {

  public TokenBucket {
    if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be positive and finite: " + ratePerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1: " + burst);
    }
  }

  /** Tokens in a bucket as of a point in time. */
  public record Level(double tokens, Instant at) {}

  /** What a take left: tokens granted (at most those wanted) and the bucket afterwards. */
  public record Take(int wanted, int granted, Level after) {}

  /** A bucket nobody has used, or one idle long enough to be full again. */
  public Level full(Instant now) {
    return new Level(burst, now);
  }

  /**
   * The bucket at {@code now}, refilled for the time since it was last used. A {@code now} before
   * the bucket's time (another replica's clock runs ahead) adds nothing and keeps the later time.
   */
  public Level refill(Level level, Instant now) {
    if (!now.isAfter(level.at())) {
      return level;
    }
    double seconds = Duration.between(level.at(), now).toNanos() / 1e9;
    return new Level(Math.min(burst, level.tokens() + seconds * ratePerSecond), now);
  }

  /**
   * Takes up to {@code wanted} whole tokens: as many as the refilled bucket holds. A bucket that
   * does not exist yet ({@code level} null) starts full.
   */
  public Take take(Level level, int wanted, Instant now) {
    if (wanted < 1) {
      throw new IllegalArgumentException("wanted must be at least 1: " + wanted);
    }
    Level refilled = level == null ? full(now) : refill(level, now);
    int granted = (int) Math.min(wanted, Math.floor(refilled.tokens()));
    return new Take(wanted, granted, new Level(refilled.tokens() - granted, refilled.at()));
  }

  /** When the bucket is full again if nobody uses it: from then on, deleting it changes nothing. */
  public Instant fullAt(Level level) {
    double seconds = (burst - level.tokens()) / ratePerSecond;
    return level.at().plusNanos((long) Math.ceil(seconds * 1e9));
  }

  /** Whole seconds until a bucket holding {@code tokens} has one token again; at least 1. */
  public long retryAfterSeconds(double tokens) {
    return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerSecond));
  }
}
