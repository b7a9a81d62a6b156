package io.vigil.chain;

import io.agroal.api.AgroalDataSource;
import io.vigil.core.lease.AdvisoryLease;
import io.vigil.core.lease.LockKey;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The lease that makes exactly one process the active chain follower: the advisory lock {@code
 * vigil.chain.monitor.lease-key}, held through the core {@link AdvisoryLease}.
 */
@ApplicationScoped
public class ChainLease {

  private final AdvisoryLease lease;
  private final LockKey key;

  public ChainLease(AgroalDataSource dataSource, ChainMonitorConfig config) {
    this.lease = new AdvisoryLease(dataSource, "chain follower lease");
    this.key = LockKey.of(config.leaseKey());
  }

  /** Tries once to take the lease; true when this process holds it afterwards. */
  public boolean tryAcquire() {
    return stillHeld() || lease.tryAcquire(key);
  }

  /** True when the lease is held and its session is still alive. */
  public boolean stillHeld() {
    return lease.check();
  }

  /** Gives the lease up (on shutdown), so a standby can take it at once. */
  public void release() {
    lease.release();
  }
}
