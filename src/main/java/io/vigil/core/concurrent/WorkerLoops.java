package io.vigil.core.concurrent;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Makes the {@link WorkerLoop}s of every role, on the injected clock, and publishes each loop's
 * rounds, failures and last success under its name ({@code loop} tag), for dashboards and health.
 */
@ApplicationScoped
public class WorkerLoops {

  private static final Logger LOG = Logger.getLogger(WorkerLoops.class);

  private final Clock clock;
  private final MeterRegistry metrics;

  public WorkerLoops(Clock clock, MeterRegistry metrics) {
    this.clock = clock;
    this.metrics = metrics;
  }

  /** A loop whose failures are logged as warnings. */
  public WorkerLoop create(String name, WorkerLoop.Round round, Backoff backoff) {
    return create(
        name,
        round,
        backoff,
        failure -> LOG.warnf("%s: round failed, retrying: %s", name, failure.toString()));
  }

  /** A loop whose failures go to {@code onFailure} (to log and count them by kind). */
  public WorkerLoop create(
      String name, WorkerLoop.Round round, Backoff backoff, Consumer<RuntimeException> onFailure) {
    WorkerLoop loop = new WorkerLoop(new WorkerLoop.Job(name, round, backoff, onFailure), clock);
    FunctionCounter.builder("vigil_worker_rounds_total", loop, WorkerLoop::rounds)
        .description("Rounds a background worker ran")
        .tag("loop", name)
        .register(metrics);
    FunctionCounter.builder("vigil_worker_failures_total", loop, WorkerLoop::failures)
        .description("Rounds of a background worker that failed")
        .tag("loop", name)
        .register(metrics);
    Gauge.builder("vigil_worker_last_success_seconds", loop, WorkerLoops::lastSuccessSeconds)
        .description("When a background worker's last round succeeded (epoch seconds; 0: never)")
        .tag("loop", name)
        .register(metrics);
    return loop;
  }

  private static double lastSuccessSeconds(WorkerLoop loop) {
    return loop.lastSuccess().map(Instant::getEpochSecond).orElse(0L);
  }
}
