package io.vigil.relay.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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

  @Id public String txHash;

  public String requestId;

  public long nonce;

  public BigInteger maxFee;

  public BigInteger priorityFee;

  public String raw;

  /** True for a cancellation: a zero-value transfer to the sender at the request's nonce. */
  public boolean cancels;

  public Instant createdAt;

  /** An attempt with every column given; not stored until persisted or inserted. */
  public static RelayAttempt of(
      String txHash,
      String requestId,
      long nonce,
      BigInteger maxFee,
      BigInteger priorityFee,
      String raw,
      boolean cancels,
      Instant createdAt) {
    RelayAttempt attempt = new RelayAttempt();
    attempt.txHash = txHash;
    attempt.requestId = requestId;
    attempt.nonce = nonce;
    attempt.maxFee = maxFee;
    attempt.priorityFee = priorityFee;
    attempt.raw = raw;
    attempt.cancels = cancels;
    attempt.createdAt = createdAt;
    return attempt;
  }

  public static List<RelayAttempt> ofRequest(String requestId) {
    return list("requestId = ?1 order by createdAt", requestId);
  }
}
