package io.vigil.core.lease;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Holds PostgreSQL session-level advisory locks on one dedicated connection, so that exactly one
 * process does a job (or a share of it) at a time. When the holder dies, PostgreSQL ends its
 * session and frees its locks, and another process's next attempt takes them.
 *
 * <p>WARNING: a lock is only as good as the session holding it. Call {@link #check()} before every
 * round of work the locks protect: it drops every lock the moment the session is in doubt. Locks
 * are never re-entered: one process asks for a key through one lease.
 */
public final class AdvisoryLease {

  private static final Logger LOG = Logger.getLogger(AdvisoryLease.class);
  private static final int VALID_SECONDS = 2;

  private final DataSource dataSource;
  private final String name;
  private final Set<LockKey> held = ConcurrentHashMap.newKeySet();
  private Connection session;

  /** {@code name} says what the locks guard, for the logs. */
  public AdvisoryLease(DataSource dataSource, String name) {
    this.dataSource = dataSource;
    this.name = name;
  }

  /** True while this lease holds {@code key} (as of the last {@link #check()}). */
  public boolean holds(LockKey key) {
    return held.contains(key);
  }

  /** How many locks this lease holds. */
  public int heldCount() {
    return held.size();
  }

  /**
   * True when this lease holds at least one lock and its session is alive; drops every lock (and
   * answers false) when the session is gone.
   */
  public synchronized boolean check() {
    if (session == null) {
      return false;
    }
    boolean valid;
    try {
      valid = session.isValid(VALID_SECONDS);
    } catch (SQLException e) {
      valid = false;
    }
    if (!valid) {
      lose("the database session ended");
      return false;
    }
    return !held.isEmpty();
  }

  /** Tries once to take {@code key}; true when this lease holds it afterwards. */
  public boolean tryAcquire(LockKey key) {
    return tryAcquire(Set.of(key)) > 0 || held.contains(key);
  }

  /**
   * Tries once to take each of {@code keys} not held yet; answers how many it took now. The session
   * is opened for the attempt and closed again when the lease ends up holding nothing.
   */
  public synchronized int tryAcquire(Collection<LockKey> keys) {
    int taken = 0;
    try {
      if (session == null) {
        session = dataSource.getConnection();
        session.setAutoCommit(true);
      }
      for (LockKey key : keys) {
        if (!held.contains(key) && lock(key)) {
          held.add(key);
          taken++;
        }
      }
    } catch (SQLException e) {
      lose("taking locks failed: " + e.getMessage());
      return 0;
    }
    if (held.isEmpty()) {
      close();
    } else if (taken > 0) {
      LOG.infof("%s: took %d lock(s), now holding %d", name, taken, held.size());
    }
    return taken;
  }

  /** Gives every lock back (on shutdown), so another process can take them at once. */
  public synchronized void release() {
    held.clear();
    if (session == null) {
      return;
    }
    try (PreparedStatement unlock = session.prepareStatement("select pg_advisory_unlock_all()")) {
      unlock.execute();
    } catch (SQLException ignored) {
      // closing the session releases the locks anyway
    }
    close();
  }

  private boolean lock(LockKey key) throws SQLException {
    String sql =
        key.pair() ? "select pg_try_advisory_lock(?, ?)" : "select pg_try_advisory_lock(?)";
    try (PreparedStatement lock = session.prepareStatement(sql)) {
      if (key.pair()) {
        lock.setInt(1, key.space());
        lock.setInt(2, (int) key.key());
      } else {
        lock.setLong(1, key.key());
      }
      try (ResultSet result = lock.executeQuery()) {
        return result.next() && result.getBoolean(1);
      }
    }
  }

  private void lose(String why) {
    if (!held.isEmpty()) {
      LOG.warnf("%s: dropping %d lock(s): %s", name, held.size(), why);
    }
    held.clear();
    close();
  }

  private void close() {
    try (Connection closing = session) {
      session = null;
    } catch (SQLException ignored) {
      // already broken: its locks went with it
    }
  }
}
