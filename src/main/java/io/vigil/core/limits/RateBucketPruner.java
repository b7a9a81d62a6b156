package io.vigil.core.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.concurrent.PeriodicJob;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deletes rate buckets that are full again, so the shared table holds only the keys used within
 * about one refill time. Every replica of every role runs it; concurrent runs skip each other's
 * rows, and a bucket in use is never full, so no lease is needed.
 */
@ApplicationScoped
public class RateBucketPruner implements PeriodicJob.Owner {

  private final RateLimiter limiter;
  private final LimitsConfig config;
  private final Clock clock;
  private final Counter pruned;
  private final Counter failed;
  private final AtomicLong buckets = new AtomicLong();

  public RateBucketPruner(
      RateLimiter limiter, LimitsConfig config, Clock clock, MeterRegistry metrics) {
    this.limiter = limiter;
    this.config = config;
    this.clock = clock;
    this.pruned =
        Counter.builder("vigil_rate_buckets_pruned_total")
            .description("Idle (full) rate buckets deleted from the shared table")
            .register(metrics);
    this.failed =
        Counter.builder("vigil_rate_bucket_prune_failures_total")
            .description("Pruning passes that failed (the database did not answer)")
            .register(metrics);
    Gauge.builder("vigil_rate_buckets", buckets, AtomicLong::get)
        .description("Rate buckets in the shared table after the last pruning pass")
        .register(metrics);
  }

  @Override
  public List<PeriodicJob> periodicJobs() {
    return List.of(
        new PeriodicJob("limits-prune", config.pruneInterval(), config.pruneInterval(), this::run));
  }

  void run() {
    try {
      prune();
    } catch (RuntimeException outage) {
      failed.increment();
      throw outage;
    }
  }

  /** Deletes every bucket full at this moment, in batches; returns how many. */
  public long prune() {
    int batch = Math.max(1, config.pruneBatch());
    long total = 0;
    int deleted;
    do {
      deleted = limiter.prune(clock.instant(), batch);
      total += deleted;
      pruned.increment(deleted);
    } while (deleted == batch);
    buckets.set(limiter.count());
    return total;
  }
}
