package io.vigil.core.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.concurrent.PeriodicJob;
import io.vigil.core.metrics.Meters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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
  private final Duration interval;
  private final int batch;
  private final Counter pruned;
  private final Counter failed;
  private final AtomicLong buckets = new AtomicLong();

  public RateBucketPruner(RateLimiter limiter, LimitsConfig config, MeterRegistry metrics) {
    this.limiter = limiter;
    this.interval = config.pruneInterval();
    this.batch = Math.max(1, config.pruneBatch());
    this.pruned =
        Meters.counter(
            metrics,
            "vigil_rate_buckets_pruned_total",
            "Idle (full) rate buckets deleted from the shared table");
    this.failed =
        Meters.counter(
            metrics,
            "vigil_rate_bucket_prune_failures_total",
            "Pruning passes that failed (the database did not answer)");
    Meters.gauge(
        metrics,
        "vigil_rate_buckets",
        "Rate buckets in the shared table after the last pruning pass",
        buckets,
        AtomicLong::get);
  }

  @Override
  public List<PeriodicJob> periodicJobs() {
    return List.of(new PeriodicJob("limits-prune", interval, interval, this::run));
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
    long total = 0;
    int deleted;
    do {
      deleted = limiter.prune(batch);
      total += deleted;
      pruned.increment(deleted);
    } while (deleted == batch);
    buckets.set(limiter.count());
    return total;
  }
}
