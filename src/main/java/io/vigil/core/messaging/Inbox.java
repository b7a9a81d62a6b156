package io.vigil.core.messaging;

import io.vigil.core.persistence.NativeSql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Makes at-least-once delivery idempotent: a consumer records each event id inside the same
 * transaction as its effects, and skips an event it has recorded before.
 */
@ApplicationScoped
public class Inbox {

  private final EntityManager entityManager;

  public Inbox(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /**
   * Records that {@code consumer} handles {@code eventId}. Returns false when it was handled
   * before. Must run inside the transaction that applies the event's effects.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean firstDelivery(String consumer, String eventId) {
    return NativeSql.update(
            entityManager,
            "insert into inbox (consumer, event_id) values (?1, ?2) on conflict do nothing",
            consumer,
            eventId)
        == 1;
  }

  /** True when {@code consumer} has handled {@code eventId}. */
  @Transactional
  public boolean seen(String consumer, String eventId) {
    return !NativeSql.select(
            entityManager,
            "select 1 from inbox where consumer = ?1 and event_id = ?2",
            consumer,
            eventId)
        .isEmpty();
  }
}
