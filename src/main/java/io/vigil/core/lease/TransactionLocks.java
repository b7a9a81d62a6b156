package io.vigil.core.lease;

import io.vigil.core.persistence.NativeSql;
import jakarta.persistence.EntityManager;

/**
 * PostgreSQL advisory locks held until the current transaction ends: a check and the write it
 * allows become one step for every replica. The lease's locks ({@link AdvisoryLease}) are held by a
 * session instead, for as long as it lives.
 */
public final class TransactionLocks {

  private TransactionLocks() {}

  /** Waits for {@code key}'s lock and holds it until the caller's transaction ends. */
  public static void hold(EntityManager em, LockKey key) {
    if (key.pair()) {
      NativeSql.single(em, "select pg_advisory_xact_lock(?1, ?2)", key.space(), (int) key.key());
    } else {
      NativeSql.single(em, "select pg_advisory_xact_lock(?1)", key.key());
    }
  }
}
