package io.vigil.watcher.persistence;

import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * One of the watcher's tables: every method of a subclass runs inside the caller's transaction (the
 * watcher writes each decision in the transaction that applies the event behind it), on the shared
 * entity manager.
 */
@Transactional(Transactional.TxType.MANDATORY)
abstract class WatcherTable {

  final EntityManager em;

  WatcherTable(EntityManager em) {
    this.em = em;
  }

  /**
   * Only for the client proxy the container generates for each repository: the proxy hands every
   * call to the real bean and never reads {@code em}.
   */
  WatcherTable() {
    this(null);
  }
}
