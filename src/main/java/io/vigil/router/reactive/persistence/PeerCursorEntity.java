package io.vigil.router.reactive.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The last bundle processed from one server neighbour, within its table id. */
@Entity
@Table(name = "router_peer_cursor")
public class PeerCursorEntity extends PanacheEntityBase {

  @Id public String peer;

  public String tableId;

  public long lastSeq;

  public Instant updatedAt;
}
