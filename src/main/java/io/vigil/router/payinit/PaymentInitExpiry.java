package io.vigil.router.payinit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.concurrent.PeriodicJob;
import io.vigil.core.metrics.Meters;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deletes expired payment initializations, so the table holds only envelopes still deliverable.
 * Every router replica runs it; concurrent runs skip each other's rows, so no lease is needed.
 */
@ApplicationScoped
public class PaymentInitExpiry implements PeriodicJob.Owner {

  private final PaymentInitStore store;
  private final Clock clock;
  private final Duration interval;
  private final int batch;
  private final Counter expired;
  private final AtomicLong held = new AtomicLong();

  public PaymentInitExpiry(
      PaymentInitStore store, Clock clock, PaymentInitConfig config, MeterRegistry metrics) {
    this.store = store;
    this.clock = clock;
    this.interval = config.expiryInterval();
    this.batch = Math.max(1, config.expiryBatch());
    this.expired =
        Meters.counter(
            metrics,
            "vigil_payinit_expired_total",
            "Payment initializations deleted unfetched because they expired");
    Meters.gauge(
        metrics,
        "vigil_payinit_held",
        "Payment initializations held after the last expiry pass",
        held,
        AtomicLong::get);
  }

  @Override
  public List<PeriodicJob> periodicJobs() {
    return List.of(new PeriodicJob("router.payinit-expiry", interval, interval, this::expire));
  }

  /** Deletes every envelope expired now, in batches; returns how many. */
  public long expire() {
    long total = 0;
    int deleted;
    do {
      deleted = store.deleteExpired(clock.instant(), batch);
      total += deleted;
      expired.increment(deleted);
    } while (deleted == batch);
    held.set(store.count());
    return total;
  }
}
