package io.vigil.relay;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Decides which replica sends for which account: accounts fall into a fixed number of buckets, and
 * a replica sends for a bucket only while it holds that bucket's PostgreSQL session advisory lock
 * on its own connection. When the replica dies its session ends and another one takes the lock.
 *
 * <p>WARNING: a lock is only as good as the session holding it; {@link #refresh()} checks the
 * session before every round of sending, and drops every lease the moment it is in doubt.
 */
@ApplicationScoped
public class AccountLeases {

  /** First key of the two-key advisory locks, so the relay's locks collide with nobody's. */
  static final int LOCK_CLASS = 0x52454c59;

  private static final Logger LOG = Logger.getLogger(AccountLeases.class);

  private final AgroalDataSource dataSource;
  private final int buckets;
  private final Set<Integer> held = ConcurrentHashMap.newKeySet();
  private Connection session;
  private long lastAttempt;
  private final long attemptEveryMillis;

  public AccountLeases(AgroalDataSource dataSource, RelayConfig config, MeterRegistry metrics) {
    this.dataSource = dataSource;
    this.buckets = Math.max(1, config.leaseBuckets());
    this.attemptEveryMillis = config.leaseInterval().toMillis();
    Gauge.builder("vigil_relay_leases_held", held, Set::size)
        .description("Sending leases (account buckets) this replica holds")
        .register(metrics);
  }

  /** The bucket an account belongs to. */
  public int bucket(String address) {
    return Math.floorMod(address.toLowerCase(Locale.ROOT).hashCode(), buckets);
  }

  /** True while this replica holds the lease of the account's bucket. */
  public boolean owns(String address) {
    return held.contains(bucket(address));
  }

  public boolean holdsAny() {
    return !held.isEmpty();
  }

  /**
   * Checks the session (dropping every lease if it is gone) and, at most once per lease interval,
   * tries to take the buckets this replica does not hold.
   */
  public synchronized void refresh() {
    try {
      if (session != null && !session.isValid(2)) {
        lose("lease session is no longer valid");
      }
      long now = System.currentTimeMillis();
      if (held.size() == buckets || now - lastAttempt < attemptEveryMillis) {
        return;
      }
      lastAttempt = now;
      if (session == null) {
        session = dataSource.getConnection();
        session.setAutoCommit(true);
      }
      try (PreparedStatement lock = session.prepareStatement("select pg_try_advisory_lock(?, ?)")) {
        for (int bucket = 0; bucket < buckets; bucket++) {
          if (held.contains(bucket)) {
            continue;
          }
          lock.setInt(1, LOCK_CLASS);
          lock.setInt(2, bucket);
          try (ResultSet result = lock.executeQuery()) {
            if (result.next() && result.getBoolean(1)) {
              held.add(bucket);
            }
          }
        }
      }
    } catch (SQLException e) {
      lose("lease session failed: " + e.getMessage());
    }
  }

  /** Gives every lease back (on shutdown). */
  public synchronized void release() {
    held.clear();
    if (session != null) {
      try (PreparedStatement unlock = session.prepareStatement("select pg_advisory_unlock_all()")) {
        unlock.execute();
      } catch (SQLException ignored) {
        // the session is closed next, which releases the locks anyway
      }
      close();
    }
  }

  private void lose(String why) {
    if (!held.isEmpty()) {
      LOG.warnf("dropping %d sending leases: %s", held.size(), why);
    }
    held.clear();
    close();
  }

  private void close() {
    if (session != null) {
      try {
        session.close();
      } catch (SQLException ignored) {
        // already broken
      }
      session = null;
    }
  }
}
