package io.vigil.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/** Registers the described counters and gauges that every role exposes, one way everywhere. */
public final class Meters {

  private Meters() {}

  /** A counter named {@code name}, with {@code description} as its help text. */
  public static Counter counter(MeterRegistry registry, String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  /**
   * A gauge named {@code name} that reads {@code value} of {@code state}, with {@code description}
   * as its help text. The registry holds {@code state} weakly: the caller keeps it referenced.
   */
  public static <T> void gauge(
      MeterRegistry registry, String name, String description, T state, ToDoubleFunction<T> value) {
    Gauge.builder(name, state, value).description(description).register(registry);
  }
}
