package io.vigil.router.reactive.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The last bundle processed from one server neighbour, within its table id. */
@Entity
@Table(name = "router_peer_cursor")
public class PeerCursorEntity extends PanacheEntityBase {

  @Id public String peer;

  @Column(name = "table_id")
  public String tableId;

  @Column(name = "last_seq")
  public long lastSeq;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
