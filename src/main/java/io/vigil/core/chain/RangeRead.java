package io.vigil.core.chain;

import java.util.List;
import java.util.function.Function;

/**
 * What one read of a block range gave: its events in chain order, or the failure to read them (one
 * slot of a batch, where a failed range fails only itself).
 */
public record RangeRead<T>(List<T> events, RuntimeException failure) {

  public static <T> RangeRead<T> of(List<T> events) {
    return new RangeRead<>(events, null);
  }

  public static <T> RangeRead<T> failed(RuntimeException failure) {
    return new RangeRead<>(null, failure);
  }

  /** The events, or throws the failure as it was raised. */
  public List<T> get() {
    if (failure != null) {
      throw failure;
    }
    return events;
  }

  /** The same read with its events turned into another form; a failure stays as it is. */
  public <U> RangeRead<U> map(Function<List<T>, List<U>> convert) {
    return failure != null ? failed(failure) : of(convert.apply(events));
  }
}
