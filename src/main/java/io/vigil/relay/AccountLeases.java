package io.vigil.relay;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.core.lease.AdvisoryLease;
import io.vigil.core.lease.LockKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Decides which replica sends for which account: accounts fall into a fixed number of buckets, and
 * a replica sends for a bucket only while it holds that bucket's advisory lock (the core {@link
 * AdvisoryLease}). When the replica dies its session ends and another one takes the lock.
 *
 * <p>WARNING: {@link #refresh()} checks the session before every round of sending, and drops every
 * lease the moment it is in doubt.
 */
@ApplicationScoped
public class AccountLeases {

  /** Key space of the relay's two-key advisory locks, so they collide with nobody's. */
  static final int LOCK_CLASS = 0x52454c59;

  private final AdvisoryLease lease;
  private final List<LockKey> keys;
  private final Duration attemptEvery;
  private final Clock clock;
  private Instant lastAttempt = Instant.MIN;

  public AccountLeases(
      AgroalDataSource dataSource, RelayConfig config, Clock clock, MeterRegistry metrics) {
    this.lease = new AdvisoryLease(dataSource, "relay sending leases");
    int buckets = Math.max(1, config.leaseBuckets());
    this.keys = IntStream.range(0, buckets).mapToObj(b -> LockKey.of(LOCK_CLASS, b)).toList();
    this.attemptEvery = config.leaseInterval();
    this.clock = clock;
    Gauge.builder("vigil_relay_leases_held", lease, AdvisoryLease::heldCount)
        .description("Sending leases (account buckets) this replica holds")
        .register(metrics);
  }

  /** The bucket an account belongs to. */
  public int bucket(String address) {
    return Math.floorMod(address.toLowerCase(Locale.ROOT).hashCode(), keys.size());
  }

  /** True while this replica holds the lease of the account's bucket. */
  public boolean owns(String address) {
    return lease.holds(keys.get(bucket(address)));
  }

  public boolean holdsAny() {
    return lease.heldCount() > 0;
  }

  /**
   * Checks the session (dropping every lease if it is gone) and, at most once per lease interval,
   * tries to take the buckets this replica does not hold.
   */
  public synchronized void refresh() {
    lease.check();
    Instant now = clock.instant();
    if (lease.heldCount() == keys.size() || now.isBefore(lastAttempt.plus(attemptEvery))) {
      return;
    }
    lastAttempt = now;
    lease.tryAcquire(keys);
  }

  /** Gives every lease back (on shutdown). */
  public void release() {
    lease.release();
  }
}
