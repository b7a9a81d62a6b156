package io.vigil.watcher.persistence;

import static io.vigil.watcher.persistence.SqlRows.bytes;
import static io.vigil.watcher.persistence.SqlRows.hex;

import io.vigil.core.persistence.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * The watcher_request table: the transactions the watcher asked the relay for (an outbox), with
 * what the relay reported about each. Every method runs inside the caller's transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class RequestRepository {

  private final EntityManager em;

  public RequestRepository(EntityManager em) {
    this.em = em;
  }

  /** Writes a request to the outbox; false when this request id exists already. */
  public boolean addRequest(String requestId, String channelId, String purpose, String payload) {
    return em.createNativeQuery(
                "insert into watcher_request (request_id, channel_id, purpose, payload, status)"
                    + " values (?1, ?2, ?3, ?4, 'REQUESTED') on conflict do nothing")
            .setParameter(1, requestId)
            .setParameter(2, bytes(channelId))
            .setParameter(3, purpose)
            .setParameter(4, payload)
            .executeUpdate()
        == 1;
  }

  /** Requests of a channel for a purpose, oldest first. */
  public List<RequestRow> requests(String channelId, String purpose) {
    List<?> rows =
        em.createNativeQuery(
                "select request_id, purpose, status, published, tx_hash, gas_used, gas_price,"
                    + " reason, payload from watcher_request where channel_id = ?1 and purpose ="
                    + " ?2 order by created_at, request_id")
            .setParameter(1, bytes(channelId))
            .setParameter(2, purpose)
            .getResultList();
    return rows.stream().map(row -> request((Object[]) row)).toList();
  }

  public List<RequestRow> requestsOf(String channelId) {
    List<?> rows =
        em.createNativeQuery(
                "select request_id, purpose, status, published, tx_hash, gas_used, gas_price,"
                    + " reason, payload from watcher_request where channel_id = ?1 order by"
                    + " created_at, request_id")
            .setParameter(1, bytes(channelId))
            .getResultList();
    return rows.stream().map(row -> request((Object[]) row)).toList();
  }

  public Optional<RequestRow> findRequest(String requestId) {
    List<?> rows =
        em.createNativeQuery(
                "select request_id, purpose, status, published, tx_hash, gas_used, gas_price,"
                    + " reason, payload from watcher_request where request_id = ?1")
            .setParameter(1, requestId)
            .getResultList();
    return rows.stream().findFirst().map(row -> request((Object[]) row));
  }

  public String channelOfRequest(String requestId) {
    return hex(
        (byte[])
            em.createNativeQuery("select channel_id from watcher_request where request_id = ?1")
                .setParameter(1, requestId)
                .getSingleResult());
  }

  /** Requests not yet handed to Kafka, oldest first. */
  public List<RequestRow> unpublished(int limit) {
    List<?> rows =
        em.createNativeQuery(
                "select request_id, purpose, status, published, tx_hash, gas_used, gas_price,"
                    + " reason, payload from watcher_request where not published order by"
                    + " created_at limit ?1")
            .setParameter(1, limit)
            .getResultList();
    return rows.stream().map(row -> request((Object[]) row)).toList();
  }

  public void markPublished(String requestId) {
    em.createNativeQuery(
            "update watcher_request set published = true, updated_at = now() where request_id ="
                + " ?1")
        .setParameter(1, requestId)
        .executeUpdate();
  }

  public void recordOutcome(
      String requestId,
      String status,
      String txHash,
      BigInteger gasUsed,
      BigInteger gasPrice,
      String reason) {
    em.createNativeQuery(
            "update watcher_request set status = ?2, tx_hash = coalesce(?3, tx_hash), gas_used ="
                + " ?4, gas_price = ?5, reason = ?6, updated_at = now() where request_id = ?1")
        .setParameter(1, requestId)
        .setParameter(2, status)
        .setParameter(3, txHash)
        .setParameter(4, gasUsed == null ? null : new BigDecimal(gasUsed))
        .setParameter(5, gasPrice == null ? null : new BigDecimal(gasPrice))
        .setParameter(6, reason)
        .executeUpdate();
  }

  /**
   * Marks a channel's requests of this purpose that the relay reported mined as reorged out: the
   * chain no longer shows their effect, so they no longer count as on their way.
   */
  public int requestsReorgedOut(String channelId, String purpose) {
    return em.createNativeQuery(
            "update watcher_request set status = 'REORGED', updated_at = now() where channel_id ="
                + " ?1 and purpose = ?2 and status in ('INCLUDED', 'CONFIRMED')")
        .setParameter(1, bytes(channelId))
        .setParameter(2, purpose)
        .executeUpdate();
  }

  private static RequestRow request(Object[] row) {
    return new RequestRow(
        (String) row[0],
        (String) row[1],
        (String) row[2],
        (Boolean) row[3],
        (String) row[4],
        row[5] == null ? null : SqlValues.integer(row[5]),
        row[6] == null ? null : SqlValues.integer(row[6]),
        (String) row[7],
        (String) row[8]);
  }
}
