package io.vigil.router.reactive.persistence;

import io.vigil.core.persistence.NativeSql;
import io.vigil.core.protocol.Amounts;
import io.vigil.core.protocol.BundleMessage;
import io.vigil.router.reactive.Forward;
import io.vigil.router.reactive.PollingAnswers;
import io.vigil.router.reactive.RouteEntry;
import io.vigil.router.reactive.RoutingTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The routing table in PostgreSQL: entries ({@code router_entry}) and the queue for server
 * neighbours ({@code router_outbox}). It joins the caller's transaction, which holds the server
 * identity's advisory lock.
 */
@ApplicationScoped
public class SqlRoutingTable implements RoutingTable {

  private final EntityManager entities;
  private final PollingAnswers answers;

  public SqlRoutingTable(EntityManager entities, PollingAnswers answers) {
    this.entities = entities;
    this.answers = answers;
  }

  @Override
  public Optional<RouteEntry> entry(String hash) {
    return Optional.ofNullable(entities.find(EntryEntity.class, hash)).map(EntryEntity::toEntry);
  }

  @Override
  public BigDecimal reserved(String nextHop, Instant now) {
    return (BigDecimal)
        sql(
                "select coalesce(sum(pay_amount), 0) from router_entry"
                    + " where next_hop = ?1 and reserved_until > ?2",
                nextHop,
                Timestamp.from(now))
            .getSingleResult();
  }

  @Override
  public void put(RouteEntry entry, Instant now) {
    EntryEntity stored = entities.find(EntryEntity.class, entry.hash());
    if (stored == null) {
      stored = new EntryEntity();
      stored.set(entry, now);
      entities.persist(stored);
    } else {
      stored.set(entry, now);
    }
    answers.invalidateAfterCompletion(entry.hash());
  }

  @Override
  public void enqueue(Forward forward, Instant now) {
    sql(
            "insert into router_outbox (recipient, hash, amount, ttl, queued_at)"
                + " values (?1, ?2, ?3, ?4, ?5) on conflict (recipient, hash) do update"
                + " set amount = excluded.amount, ttl = excluded.ttl",
            forward.to(),
            forward.hash(),
            forward.amount(),
            forward.ttl(),
            Timestamp.from(now))
        .executeUpdate();
  }

  /** Up to {@code limit} queued messages, oldest first. */
  @SuppressWarnings("unchecked")
  public List<BundleMessage> queued(int limit) {
    List<Object[]> rows =
        sql(
                "select recipient, hash, amount, ttl from router_outbox"
                    + " order by queued_at, recipient, hash limit ?1",
                limit)
            .getResultList();
    return rows.stream()
        .map(
            row ->
                new BundleMessage(
                    (String) row[0],
                    (String) row[1],
                    Amounts.text((BigDecimal) row[2]),
                    ((Number) row[3]).intValue()))
        .toList();
  }

  /** Removes messages from the queue once a bundle carries them. */
  public void dequeue(List<BundleMessage> sent) {
    for (BundleMessage message : sent) {
      sql(
              "delete from router_outbox where recipient = ?1 and hash = ?2",
              message.to(),
              message.hash())
          .executeUpdate();
    }
  }

  /** Empties the queue, when a new table starts. */
  public void clearQueue() {
    entities.createNativeQuery("delete from router_outbox").executeUpdate();
  }

  /** Drops the routes through {@code nextHop}, releasing their reservations. */
  public int dropVia(String nextHop) {
    answers.invalidateAllAfterCompletion();
    return sql("delete from router_entry where next_hop = ?1", nextHop).executeUpdate();
  }

  /**
   * Drops the entries expired at {@code now}, releasing their reservations. Cached answers need no
   * invalidation: none is served past its entry's expiry.
   */
  public int expire(Instant now) {
    return sql("delete from router_entry where expires_at <= ?1", Timestamp.from(now))
        .executeUpdate();
  }

  /** Drops the entry for a hash; false when there was none. */
  public boolean remove(String hash) {
    answers.invalidateAfterCompletion(hash);
    return sql("delete from router_entry where hash = ?1", hash).executeUpdate() == 1;
  }

  private Query sql(String text, Object... values) {
    return NativeSql.bind(entities.createNativeQuery(text), values);
  }
}
