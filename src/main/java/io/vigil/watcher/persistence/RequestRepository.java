package io.vigil.watcher.persistence;

import static io.vigil.core.persistence.NativeSql.select;
import static io.vigil.core.persistence.NativeSql.update;
import static io.vigil.watcher.persistence.SqlRows.bytes;
import static io.vigil.watcher.persistence.SqlRows.hex;

import io.vigil.core.persistence.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * The watcher_request table: the transactions the watcher asked the relay for (an outbox), with
 * what the relay reported about each. Every method runs inside the caller's transaction.
 */
@ApplicationScoped
public class RequestRepository extends WatcherTable {

  private static final String SELECT =
      "select request_id, purpose, dispute_nonce, status, published, tx_hash, gas_used, gas_price,"
          + " reason, payload from watcher_request ";

  public RequestRepository(EntityManager em) {
    super(em);
  }

  /**
   * Writes a request to the outbox; false when this request id exists already.
   *
   * @param disputeNonce the held nonce a DISPUTE request puts on chain; null for other purposes
   */
  public boolean addRequest(
      String requestId, String channelId, String purpose, Long disputeNonce, String payload) {
    return update(
            em,
            "insert into watcher_request (request_id, channel_id, purpose, dispute_nonce, payload,"
                + " status) values (?1, ?2, ?3, ?4, ?5, 'REQUESTED') on conflict do nothing",
            requestId,
            bytes(channelId),
            purpose,
            disputeNonce,
            payload)
        == 1;
  }

  /** Requests of a channel for a purpose, oldest first. */
  public List<RequestRow> requests(String channelId, String purpose) {
    return rows(
        "where channel_id = ?1 and purpose = ?2 order by created_at, request_id",
        bytes(channelId),
        purpose);
  }

  public List<RequestRow> requestsOf(String channelId) {
    return rows("where channel_id = ?1 order by created_at, request_id", bytes(channelId));
  }

  public Optional<RequestRow> findRequest(String requestId) {
    return rows("where request_id = ?1", requestId).stream().findFirst();
  }

  public String channelOfRequest(String requestId) {
    return hex(
        (byte[])
            select(em, "select channel_id from watcher_request where request_id = ?1", requestId)
                .getFirst());
  }

  /** Requests not yet handed to Kafka, oldest first. */
  public List<RequestRow> unpublished(int limit) {
    return rows("where not published order by created_at limit ?1", limit);
  }

  public void markPublished(String requestId) {
    update(
        em,
        "update watcher_request set published = true, updated_at = now() where request_id = ?1",
        requestId);
  }

  public void recordOutcome(
      String requestId,
      String status,
      String txHash,
      BigInteger gasUsed,
      BigInteger gasPrice,
      String reason) {
    update(
        em,
        "update watcher_request set status = ?2, tx_hash = coalesce(?3, tx_hash), gas_used = ?4,"
            + " gas_price = ?5, reason = ?6, updated_at = now() where request_id = ?1",
        requestId,
        status,
        txHash,
        gasUsed,
        gasPrice,
        reason);
  }

  /**
   * Marks a channel's requests of this purpose that the relay reported mined as reorged out: the
   * chain no longer shows their effect, so they no longer count as on their way.
   */
  public int requestsReorgedOut(String channelId, String purpose) {
    return update(
        em,
        "update watcher_request set status = 'REORGED', updated_at = now() where channel_id = ?1"
            + " and purpose = ?2 and status in ('INCLUDED', 'CONFIRMED')",
        bytes(channelId),
        purpose);
  }

  private List<RequestRow> rows(String where, Object... parameters) {
    return select(em, SELECT + where, parameters).stream()
        .map(row -> request((Object[]) row))
        .toList();
  }

  private static RequestRow request(Object[] row) {
    return new RequestRow(
        (String) row[0],
        (String) row[1],
        row[2] == null ? null : ((Number) row[2]).longValue(),
        (String) row[3],
        (Boolean) row[4],
        (String) row[5],
        row[6] == null ? null : SqlValues.integer(row[6]),
        row[7] == null ? null : SqlValues.integer(row[7]),
        (String) row[8],
        (String) row[9]);
  }
}
