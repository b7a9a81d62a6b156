package io.vigil.chain;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * The lease that makes exactly one process the active chain follower: a PostgreSQL session-level
 * advisory lock held on a dedicated connection. When the holder dies, PostgreSQL ends its session
 * and releases the lock, and a standby's next attempt wins it.
 */
@ApplicationScoped
public class ChainLease {

  private static final Logger LOG = Logger.getLogger(ChainLease.class);

  private final AgroalDataSource dataSource;
  private final ChainMonitorConfig config;
  private Connection held;

  public ChainLease(AgroalDataSource dataSource, ChainMonitorConfig config) {
    this.dataSource = dataSource;
    this.config = config;
  }

  /** Tries once to take the lease; true when this process holds it afterwards. */
  public synchronized boolean tryAcquire() {
    if (stillHeld()) {
      return true;
    }
    Connection connection = null;
    try {
      connection = dataSource.getConnection();
      connection.setAutoCommit(true);
      try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
        lock.setLong(1, config.leaseKey());
        try (ResultSet result = lock.executeQuery()) {
          if (result.next() && result.getBoolean(1)) {
            held = connection;
            LOG.infof(
                "chain follower lease %d taken: this process is the active follower",
                config.leaseKey());
            return true;
          }
        }
      }
      connection.close();
      return false;
    } catch (SQLException e) {
      closeQuietly(connection);
      LOG.debugf("chain follower lease not taken: %s", e.getMessage());
      return false;
    }
  }

  /** True when the lease is held and its session is still alive. */
  public synchronized boolean stillHeld() {
    if (held == null) {
      return false;
    }
    try {
      if (held.isValid(2)) {
        return true;
      }
    } catch (SQLException e) {
      // lost below
    }
    LOG.warn("chain follower lease lost: the database session ended");
    closeQuietly(held);
    held = null;
    return false;
  }

  /** Gives the lease up (on shutdown), so a standby can take it at once. */
  public synchronized void release() {
    if (held == null) {
      return;
    }
    try (PreparedStatement unlock = held.prepareStatement("select pg_advisory_unlock(?)")) {
      unlock.setLong(1, config.leaseKey());
      unlock.execute();
    } catch (SQLException e) {
      // closing the session releases it anyway
    }
    closeQuietly(held);
    held = null;
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // already gone
    }
  }
}
