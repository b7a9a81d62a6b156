package io.vigil.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until a deadline instead of sleeping and hoping. */
public final class Await {

  private Await() {}

  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    value(what, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
  }

  /** Polls until the supplier returns non-null, and returns that value. */
  public static <T> T value(String what, Duration timeout, Supplier<T> supplier) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        T value = supplier.get();
        if (value != null) {
          return value;
        }
      } catch (RuntimeException notYet) {
        last = notYet;
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
    AssertionError timedOut =
        new AssertionError("timed out after " + timeout + " waiting for " + what);
    if (last != null) {
      timedOut.initCause(last);
    }
    throw timedOut;
  }
}
