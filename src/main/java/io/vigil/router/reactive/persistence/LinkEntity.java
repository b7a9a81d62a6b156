package io.vigil.router.reactive.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.vigil.router.reactive.FeePolicy;
import io.vigil.router.reactive.Link;
import io.vigil.router.reactive.LinkKind;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** A stored neighbour link. */
@Entity
@Table(name = "router_link")
public class LinkEntity extends PanacheEntityBase {

  @Id public String address;

  @Enumerated(EnumType.STRING)
  public LinkKind kind;

  public String baseUrl;

  public String unit;
  public BigDecimal rate;

  public BigDecimal feeBase;

  public long feePpm;

  public BigDecimal ourSpendable;

  public BigDecimal theirSpendable;

  public Instant updatedAt;

  /** Takes every field of {@code link} but the address, as changed at {@code at}. */
  public void update(Link link, Instant at) {
    kind = link.kind();
    baseUrl = link.baseUrl();
    unit = link.unit();
    rate = link.rate();
    feeBase = link.fee().base();
    feePpm = link.fee().ppm();
    ourSpendable = link.ourSpendable();
    theirSpendable = link.theirSpendable();
    updatedAt = at;
  }

  public Link toLink() {
    return new Link(
        address,
        kind,
        baseUrl,
        unit,
        rate,
        new FeePolicy(feeBase, feePpm),
        ourSpendable,
        theirSpendable);
  }
}
