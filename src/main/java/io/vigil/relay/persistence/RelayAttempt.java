package io.vigil.relay.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/** One signed transaction of a request, stored before it is broadcast. */
@Entity
@Table(name = "relay_attempt")
public class RelayAttempt extends PanacheEntityBase {

  @Id
  @Column(name = "tx_hash")
  public String txHash;

  @Column(name = "request_id")
  public String requestId;

  public long nonce;

  @Column(name = "max_fee")
  public BigInteger maxFee;

  @Column(name = "priority_fee")
  public BigInteger priorityFee;

  public String raw;

  /** True for a cancellation: a zero-value transfer to the sender at the request's nonce. */
  public boolean cancels;

  @Column(name = "created_at")
  public Instant createdAt;

  public static List<RelayAttempt> ofRequest(String requestId) {
    return list("requestId = ?1 order by createdAt", requestId);
  }
}
