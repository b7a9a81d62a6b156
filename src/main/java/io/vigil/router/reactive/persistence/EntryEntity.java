package io.vigil.router.reactive.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.vigil.router.reactive.RouteEntry;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** A stored routing table entry. */
@Entity
@Table(name = "router_entry")
public class EntryEntity extends PanacheEntityBase {

  @Id public String hash;
  public BigDecimal amount;

  public BigDecimal payAmount;

  public String nextHop;

  public int ttl;

  public Instant expiresAt;

  public Instant reservedUntil;

  public Instant updatedAt;

  public RouteEntry toEntry() {
    return new RouteEntry(hash, amount, payAmount, nextHop, ttl, expiresAt, reservedUntil);
  }

  public void set(RouteEntry entry, Instant now) {
    hash = entry.hash();
    amount = entry.amount();
    payAmount = entry.payAmount();
    nextHop = entry.nextHop();
    ttl = entry.ttl();
    expiresAt = entry.expiresAt();
    reservedUntil = entry.reservedUntil();
    updatedAt = now;
  }
}
