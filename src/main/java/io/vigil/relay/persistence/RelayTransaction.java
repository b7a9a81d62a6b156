package io.vigil.relay.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.vigil.relay.TxStatus;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.Instant;

/** One relayed request, Vigil's own or a client's, with its current transaction and status. */
@Entity
@Table(name = "relay_tx")
public class RelayTransaction extends PanacheEntityBase {

  /** Vigil signs it with a hot key. */
  public static final String OWN = "OWN";

  /** A client signed it; Vigil only broadcasts and tracks it. */
  public static final String CLIENT = "CLIENT";

  @Id public String requestId;

  public String kind;
  public String purpose;
  public String sender;
  public String target;
  public String data;
  public BigInteger value;
  public long deadline;

  public BigInteger valueAtStake;

  public String channelId;

  public Long nonce;

  public Long gasLimit;

  public BigInteger maxFee;

  public BigInteger priorityFee;

  public String txHash;

  /** Stored as its name. */
  @Enumerated(EnumType.STRING)
  public TxStatus status;

  public Long blockNumber;

  public String blockHash;

  public int confirmations;

  public BigInteger gasUsed;

  public BigInteger effectiveGasPrice;

  public String reason;

  /** Broadcasts so far (first send, re-sends and replacements). */
  public int sends;

  /** Confirmed or failed for good: no longer tracked. */
  public boolean done;

  public Instant createdAt;

  public Instant updatedAt;

  public Instant lastSentAt;

  public boolean own() {
    return OWN.equals(kind);
  }
}
