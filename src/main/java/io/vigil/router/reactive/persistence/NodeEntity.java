package io.vigil.router.reactive.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The single row holding this server's address and current table id. */
@Entity
@Table(name = "router_node")
public class NodeEntity extends PanacheEntityBase {

  @Id public short id;
  public String address;

  public String tableId;

  public Instant createdAt;
}
