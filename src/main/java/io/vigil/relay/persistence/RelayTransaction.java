package io.vigil.relay.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.vigil.relay.TxStatus;
import jakarta.persistence.Column;
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

  @Id
  @Column(name = "request_id")
  public String requestId;

  public String kind;
  public String purpose;
  public String sender;
  public String target;
  public String data;
  public BigInteger value;
  public long deadline;

  @Column(name = "value_at_stake")
  public BigInteger valueAtStake;

  @Column(name = "channel_id")
  public String channelId;

  public Long nonce;

  @Column(name = "gas_limit")
  public Long gasLimit;

  @Column(name = "max_fee")
  public BigInteger maxFee;

  @Column(name = "priority_fee")
  public BigInteger priorityFee;

  @Column(name = "tx_hash")
  public String txHash;

  /** Stored as its name. */
  @Enumerated(EnumType.STRING)
  public TxStatus status;

  @Column(name = "block_number")
  public Long blockNumber;

  @Column(name = "block_hash")
  public String blockHash;

  public int confirmations;

  @Column(name = "gas_used")
  public BigInteger gasUsed;

  @Column(name = "effective_gas_price")
  public BigInteger effectiveGasPrice;

  public String reason;

  /** Broadcasts so far (first send, re-sends and replacements). */
  public int sends;

  /** Confirmed or failed for good: no longer tracked. */
  public boolean done;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @Column(name = "last_sent_at")
  public Instant lastSentAt;

  public boolean own() {
    return OWN.equals(kind);
  }
}
