package io.vigil.core.messaging;

import io.vigil.core.concurrent.Backoff;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Set;

/**
 * Decides, after an attempt at applying a record failed, whether to try again and when, or to set
 * the record aside. It tells poison from an outage: a failure while the database does not answer
 * says nothing about the record, so it is retried without limit (a dispute must not be
 * dead-lettered because PostgreSQL restarted); a record that keeps failing while the database
 * answers is poison, and after {@code attempts} such failures it goes to the dead-letter topic so
 * that the records behind it are not held up.
 *
 * @param attempts failures while the database answers before the record is set aside (at least 1)
 * @param backoff wait after each failure in a row, whether or not the database answered
 */
public record PoisonPolicy(int attempts, Backoff backoff) {

  /** SQLState classes and codes that mean the database cannot be used right now. */
  private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03");

  public PoisonPolicy {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, is " + attempts);
    }
  }

  public static PoisonPolicy of(MessagingConfig config) {
    return new PoisonPolicy(
        config.poisonAttempts(), new Backoff(config.retryBackoff(), config.maxRetryBackoff()));
  }

  /**
   * The failures of one record so far.
   *
   * @param failures every failed attempt
   * @param strikes the failed attempts while the database answered
   */
  public record Tally(int failures, int strikes) {

    public static Tally none() {
      return new Tally(0, 0);
    }

    /** This tally after one more failed attempt. */
    public Tally failed(boolean databaseAnswered) {
      return new Tally(failures + 1, databaseAnswered ? strikes + 1 : strikes);
    }
  }

  /** What to do after a failed attempt. */
  public sealed interface Next {

    /** Try the same record again after this wait. */
    record Retry(Duration after) implements Next {}

    /** Stop trying: the record is poison. */
    record SetAside() implements Next {}
  }

  /** What to do once {@code tally} counts the latest failure. */
  public Next next(Tally tally) {
    if (tally.strikes() >= attempts) {
      return new Next.SetAside();
    }
    return new Next.Retry(backoff.after(tally.failures()));
  }

  /**
   * Whether {@code failure} says by itself that the database is unreachable (a connection error, a
   * server shutting down or starting), whatever a probe answers a moment later.
   */
  public static boolean isOutage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || UNAVAILABLE_STATES.contains(state)) {
          return true;
        }
      }
    }
    return false;
  }
}
