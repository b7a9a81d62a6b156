package io.vigil.router.reactive.persistence;

import io.vigil.router.reactive.Forward;
import io.vigil.router.reactive.RouteEntry;
import io.vigil.router.reactive.RoutingTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The routing table in PostgreSQL ({@code router_entry} and {@code router_outbox}). It joins the
 * caller's transaction, which holds the server identity's advisory lock.
 */
@ApplicationScoped
public class SqlRoutingTable implements RoutingTable {

  private final EntityManager entities;

  public SqlRoutingTable(EntityManager entities) {
    this.entities = entities;
  }

  @Override
  public Optional<RouteEntry> entry(String hash) {
    return Optional.ofNullable(entities.find(EntryEntity.class, hash)).map(EntryEntity::toEntry);
  }

  @Override
  public BigDecimal reserved(String nextHop, Instant now) {
    return (BigDecimal)
        entities
            .createNativeQuery(
                "select coalesce(sum(pay_amount), 0) from router_entry"
                    + " where next_hop = ?1 and reserved_until > ?2")
            .setParameter(1, nextHop)
            .setParameter(2, Timestamp.from(now))
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
  }

  @Override
  public void enqueue(Forward forward, Instant now) {
    entities
        .createNativeQuery(
            "insert into router_outbox (recipient, hash, amount, ttl, queued_at)"
                + " values (?1, ?2, ?3, ?4, ?5) on conflict (recipient, hash) do update"
                + " set amount = excluded.amount, ttl = excluded.ttl")
        .setParameter(1, forward.to())
        .setParameter(2, forward.hash())
        .setParameter(3, forward.amount())
        .setParameter(4, forward.ttl())
        .setParameter(5, Timestamp.from(now))
        .executeUpdate();
  }
}
