package io.vigil.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.messaging.TransactionOutcome;
import io.vigil.core.persistence.NativeSql;
import io.vigil.relay.persistence.RelayTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records status changes of relayed transactions. Each change writes, in the same database
 * transaction, the outcome to publish, so an outcome is never lost and never published for a change
 * that did not commit.
 */
@ApplicationScoped
public class RelayLedger {

  private final EntityManager entityManager;
  private final ObjectMapper json;
  private final RelayConfig.ClientOutcomes clientOutcomes;

  /** Whether an outcome was queued since {@link #takeQueued} last looked. */
  private final AtomicBoolean queued = new AtomicBoolean();

  public RelayLedger(EntityManager entityManager, ObjectMapper json, RelayConfig config) {
    this.entityManager = entityManager;
    this.json = json;
    this.clientOutcomes = config.clientOutcomes();
  }

  /** Moves {@code tx} to {@code status} and queues the outcome. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void record(RelayTransaction tx, TxStatus status, String reason, Instant now) {
    move(tx, status, reason, now);
    queue(tx);
  }

  /**
   * Queues the current state of {@code tx} as an outcome without changing it, unless that state is
   * not published ({@link #outcome}).
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void queue(RelayTransaction tx) {
    String outcome = outcome(tx);
    if (outcome == null) {
      return;
    }
    NativeSql.update(
        entityManager,
        "insert into relay_outbox (request_id, payload, created_at) values (?1, ?2, now())",
        tx.requestId,
        outcome);
    queued.set(true);
  }

  /** Notes that outcomes were queued by a write of its own (the carrier's batched changes). */
  public void queued() {
    queued.set(true);
  }

  /**
   * Whether outcomes were queued since the last call (at worst, a queue whose transaction rolled
   * back: a wasted look at the outbox, never a missed one, as the publisher also looks every track
   * interval); clears it.
   */
  public boolean takeQueued() {
    return queued.getAndSet(false);
  }

  /**
   * The outcome to queue for the current state of {@code tx} (JSON), or null when that state is not
   * published: a client transaction's state that is not final, unless {@code client-outcomes} is
   * {@code all}.
   */
  public String outcome(RelayTransaction tx) {
    return published(tx, clientOutcomes) ? payload(tx) : null;
  }

  /** Whether the current state of {@code tx} is published on {@code vigil.tx-outcomes}. */
  static boolean published(RelayTransaction tx, RelayConfig.ClientOutcomes clientOutcomes) {
    return tx.own() || clientOutcomes == RelayConfig.ClientOutcomes.ALL || tx.done;
  }

  /** The outcome that tells the current state of {@code tx}, as queued in the outbox (JSON). */
  public String payload(RelayTransaction tx) {
    TransactionOutcome outcome =
        new TransactionOutcome(
            tx.requestId,
            tx.status.code(),
            tx.txHash,
            tx.blockNumber == null ? 0 : tx.blockNumber,
            tx.confirmations,
            tx.gasUsed == null ? BigInteger.ZERO : tx.gasUsed,
            tx.effectiveGasPrice == null ? BigInteger.ZERO : tx.effectiveGasPrice,
            tx.reason);
    try {
      return json.writeValueAsString(outcome);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Moves {@code tx} (read outside any session) to {@code status}; the caller stores it. */
  public static void move(RelayTransaction tx, TxStatus status, String reason, Instant now) {
    tx.status = status;
    tx.reason = reason;
    tx.updatedAt = now;
    if (status.isFinal()) {
      tx.done = true;
    }
  }

  /** Records one broadcast: who sent which transaction of which account, and when. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void logSend(
      String sender,
      long nonce,
      String txHash,
      String instance,
      Instant started,
      Instant finished) {
    NativeSql.update(
        entityManager,
        "insert into relay_send_log (sender, nonce, tx_hash, instance, started_at, finished_at)"
            + " values (?1, ?2, ?3, ?4, ?5, ?6)",
        sender,
        nonce,
        txHash,
        instance,
        started,
        finished);
  }

  /** Name of this replica in the broadcast log: host and process id. */
  public static String instanceName() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown";
    }
    return host + "/" + ProcessHandle.current().pid();
  }
}
