package io.vigil.reliability;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The answers of one kind of request of the soak load: successes, refusals (4xx), server errors
 * (5xx) and failures (no answer: a refused connection, a timeout), with the first few non-successes
 * kept for the report of a failed run.
 */
final class SoakTally {

  private static final int KEPT = 5;

  final String kind;
  private final AtomicLong successes = new AtomicLong();
  private final AtomicLong refusals = new AtomicLong();
  private final AtomicLong serverErrors = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();

  SoakTally(String kind) {
    this.kind = kind;
  }

  /** Counts one answer; returns whether it was a success (2xx). */
  boolean answered(int status, String body) {
    if (status >= 200 && status < 300) {
      successes.incrementAndGet();
      return true;
    }
    (status >= 500 ? serverErrors : refusals).incrementAndGet();
    keep(status + " " + body);
    return false;
  }

  void failed(Exception e) {
    failures.incrementAndGet();
    keep(e.toString());
  }

  private void keep(String sample) {
    if (samples.size() < KEPT) {
      samples.add(kind + ": " + (sample.length() > 300 ? sample.substring(0, 300) : sample));
    }
  }

  /** The counts so far. */
  Counts counts() {
    return new Counts(
        kind,
        successes.get(),
        refusals.get(),
        serverErrors.get(),
        failures.get(),
        String.join("\n", samples));
  }

  /** One kind's counts at one moment; {@link #minus} gives those of a period. */
  record Counts(
      String kind,
      long successes,
      long refusals,
      long serverErrors,
      long failures,
      String samples) {

    long requests() {
      return successes + refusals + serverErrors + failures;
    }

    Counts minus(Counts earlier) {
      return new Counts(
          kind,
          successes - earlier.successes,
          refusals - earlier.refusals,
          serverErrors - earlier.serverErrors,
          failures - earlier.failures,
          samples);
    }
  }
}
