package io.vigil.relay;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.concurrent.Backoff;
import io.vigil.core.concurrent.WorkerLoop;
import io.vigil.core.concurrent.WorkerLoops;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Makes the relay's worker loops alike: a round every track interval (or when woken), a failed
 * round retried after the track interval growing up to five times it, and a {@code *_lag_seconds}
 * gauge of the time since the last complete pass that the readiness check also reads.
 */
@ApplicationScoped
public class RelayLoops {

  private static final int BACKOFF_FACTOR = 5;

  private final WorkerLoops loops;
  private final Duration trackInterval;
  private final MeterRegistry metrics;

  public RelayLoops(WorkerLoops loops, RelayConfig config, MeterRegistry metrics) {
    this.loops = loops;
    this.trackInterval = config.trackInterval();
    this.metrics = metrics;
  }

  /** A loop named {@code name} running {@code pass}, its lag published as {@code lagGauge}. */
  WorkerLoop create(
      String name, Runnable pass, Consumer<RuntimeException> onFailure, String lagGauge) {
    WorkerLoop loop =
        loops.create(
            name,
            () -> {
              pass.run();
              return trackInterval;
            },
            Backoff.upTo(trackInterval, BACKOFF_FACTOR),
            onFailure);
    metrics.gauge(lagGauge, loop, RelayLoops::lagSeconds);
    return loop;
  }

  /** Seconds since the loop's last complete pass (since its creation before the first). */
  static double lagSeconds(WorkerLoop loop) {
    return loop.sinceLastSuccess().toMillis() / 1000.0;
  }
}
