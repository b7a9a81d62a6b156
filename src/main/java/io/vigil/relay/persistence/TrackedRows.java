package io.vigil.relay.persistence;

import io.agroal.api.AgroalDataSource;
import io.vigil.relay.TxStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plain-JDBC reads and writes of the carrier's passes: own requests waiting for a nonce, open
 * requests with their attempts, and the changes tracking found, all written in one statement.
 */
@ApplicationScoped
public class TrackedRows {

  /** An open request with its attempts, newest first. */
  public record Open(RelayTransaction tx, List<RelayAttempt> attempts) {}

  /**
   * A change of one row, written only if the row still shows what the change was based on, with the
   * outcome to queue (JSON; null when the change is not published).
   */
  public record Change(RelayTransaction updated, Expected expected, String outcome) {}

  /** What the row said when it was read. */
  public record Expected(TxStatus status, String txHash, String blockHash, int confirmations) {}

  private final AgroalDataSource dataSource;

  public TrackedRows(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** What {@link #waitingOwn} runs. */
  static final String WAITING_OWN_SQL =
      "select "
          + RelayColumns.COLUMNS
          + " from relay_tx t where t.kind = 'OWN' and t.status = 'PENDING' and t.nonce is null"
          + " and not t.done order by t.created_at limit ?";

  /** Vigil's own requests still waiting for a nonce, oldest first, at most {@code limit}. */
  public List<RelayTransaction> waitingOwn(int limit) {
    List<RelayTransaction> waiting = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(WAITING_OWN_SQL)) {
      query.setInt(1, limit);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          waiting.add(RelayColumns.row(rows));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading waiting requests failed", e);
    }
    return waiting;
  }

  /**
   * What {@link #open} runs for at most {@code limit} requests. The limit is written into the
   * statement, not bound: PostgreSQL's generic plan for a prepared statement (which the driver
   * settles on after five runs) cannot see a bound limit, and with no statistics of {@code
   * relay_tx} yet it read the whole table and sorted it instead of taking the first rows of the
   * index of open rows (15 ms a pass with 9,000 finished requests, in the benchmark).
   */
  static String openSql(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return "select "
        + RelayColumns.COLUMNS
        + ", a.tx_hash as a_hash, a.nonce as a_nonce, a.max_fee as a_max_fee,"
        + " a.priority_fee as a_priority_fee, a.raw as a_raw, a.created_at as a_created_at,"
        + " a.cancels as a_cancels"
        + " from (select * from relay_tx where not done and tx_hash is not null"
        + " order by created_at limit "
        + limit
        + ") t"
        // Each open row looks up its attempts by index. A plain join (or a lateral one that
        // the planner flattens; "offset 0" keeps it as it is) hashed the whole of
        // relay_attempt, every attempt ever made, on every pass.
        + " left join lateral (select * from relay_attempt x where x.request_id = t.request_id"
        + " offset 0) a on true"
        + " order by t.created_at, t.request_id, a.created_at desc";
  }

  /**
   * Requests not final yet that have a transaction, oldest first, at most {@code limit}, each with
   * its attempts (newest first); one query.
   */
  public List<Open> open(int limit) {
    Map<String, Open> open = new LinkedHashMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(openSql(limit))) {
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String requestId = rows.getString("request_id");
          Open entry = open.get(requestId);
          if (entry == null) {
            entry = new Open(RelayColumns.row(rows), new ArrayList<>());
            open.put(requestId, entry);
          }
          String attemptHash = rows.getString("a_hash");
          if (attemptHash != null) {
            RelayAttempt attempt =
                RelayAttempt.of(
                    attemptHash,
                    requestId,
                    rows.getLong("a_nonce"),
                    RelayColumns.integer(rows.getBigDecimal("a_max_fee")),
                    RelayColumns.integer(rows.getBigDecimal("a_priority_fee")),
                    rows.getString("a_raw"),
                    rows.getBoolean("a_cancels"),
                    RelayColumns.instant(rows.getObject("a_created_at", OffsetDateTime.class)));
            entry.attempts().add(attempt);
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading open requests failed", e);
    }
    return new ArrayList<>(open.values());
  }

  /** What {@link #apply} runs. */
  static final String APPLY_SQL =
      "with c as (select * from unnest(?::text[], ?::text[]::bigint[], ?::text[],"
          + " ?::text[]::int[], ?::text[]::numeric[], ?::text[]::numeric[], ?::text[],"
          + " ?::text[], ?::text[]::boolean[], ?::text[]::timestamptz[], ?::text[], ?::text[],"
          + " ?::text[], ?::text[], ?::text[]::int[], ?::text[])"
          + " as c(tx_hash, block_number, block_hash, confirmations, gas_used,"
          + " effective_gas_price, status, reason, done, updated_at, request_id, was_status,"
          + " was_tx_hash, was_block_hash, was_confirmations, outcome)),"
          + " u as (update relay_tx t set tx_hash = c.tx_hash, block_number = c.block_number,"
          + " block_hash = c.block_hash, confirmations = c.confirmations, gas_used = c.gas_used,"
          + " effective_gas_price = c.effective_gas_price, status = c.status,"
          + " reason = c.reason, done = c.done, updated_at = c.updated_at from c"
          // The "= any" finds the rows by primary key; joined on c alone, the planner could
          // not tell how few they are and hashed the whole of relay_tx.
          + " where t.request_id = any(?::text[]) and t.request_id = c.request_id"
          + " and not t.done and t.status = c.was_status"
          + " and t.tx_hash = c.was_tx_hash and t.block_hash is not distinct from"
          + " c.was_block_hash and t.confirmations = c.was_confirmations"
          + " returning t.request_id, c.outcome),"
          + " o as (insert into relay_outbox (request_id, payload, created_at)"
          + " select request_id, outcome, now() from u where outcome is not null),"
          + RelayColumns.ASYNC_COMMIT
          + " select request_id from u, a";

  /**
   * Writes the changes and their outcomes in one statement (the changes go in as arrays), so one
   * pass costs one round trip and one commit whatever the number of rows. A change is skipped when
   * its row no longer shows what it expected (another path changed it meanwhile). Returns, in
   * order, whether each change was written.
   */
  public List<Boolean> apply(List<Change> changes) {
    if (changes.isEmpty()) {
      return List.of();
    }
    int n = changes.size();
    String[] txHash = new String[n];
    String[] blockNumber = new String[n];
    String[] blockHash = new String[n];
    String[] confirmations = new String[n];
    String[] gasUsed = new String[n];
    String[] gasPrice = new String[n];
    String[] status = new String[n];
    String[] reason = new String[n];
    String[] done = new String[n];
    String[] updatedAt = new String[n];
    String[] requestId = new String[n];
    String[] wasStatus = new String[n];
    String[] wasTxHash = new String[n];
    String[] wasBlockHash = new String[n];
    String[] wasConfirmations = new String[n];
    String[] outcome = new String[n];
    for (int i = 0; i < n; i++) {
      RelayTransaction tx = changes.get(i).updated();
      Expected expected = changes.get(i).expected();
      txHash[i] = tx.txHash;
      blockNumber[i] = RelayColumns.text(tx.blockNumber);
      blockHash[i] = tx.blockHash;
      confirmations[i] = String.valueOf(tx.confirmations);
      gasUsed[i] = RelayColumns.text(tx.gasUsed);
      gasPrice[i] = RelayColumns.text(tx.effectiveGasPrice);
      status[i] = tx.status.name();
      reason[i] = tx.reason;
      done[i] = String.valueOf(tx.done);
      updatedAt[i] = RelayColumns.text(tx.updatedAt);
      requestId[i] = tx.requestId;
      wasStatus[i] = expected.status().name();
      wasTxHash[i] = expected.txHash();
      wasBlockHash[i] = expected.blockHash();
      wasConfirmations[i] = String.valueOf(expected.confirmations());
      outcome[i] = changes.get(i).outcome();
    }
    Set<String> written = new HashSet<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement(APPLY_SQL)) {
      int i = 0;
      update.setArray(++i, connection.createArrayOf("text", txHash));
      update.setArray(++i, connection.createArrayOf("text", blockNumber));
      update.setArray(++i, connection.createArrayOf("text", blockHash));
      update.setArray(++i, connection.createArrayOf("text", confirmations));
      update.setArray(++i, connection.createArrayOf("text", gasUsed));
      update.setArray(++i, connection.createArrayOf("text", gasPrice));
      update.setArray(++i, connection.createArrayOf("text", status));
      update.setArray(++i, connection.createArrayOf("text", reason));
      update.setArray(++i, connection.createArrayOf("text", done));
      update.setArray(++i, connection.createArrayOf("text", updatedAt));
      update.setArray(++i, connection.createArrayOf("text", requestId));
      update.setArray(++i, connection.createArrayOf("text", wasStatus));
      update.setArray(++i, connection.createArrayOf("text", wasTxHash));
      update.setArray(++i, connection.createArrayOf("text", wasBlockHash));
      update.setArray(++i, connection.createArrayOf("text", wasConfirmations));
      update.setArray(++i, connection.createArrayOf("text", outcome));
      update.setArray(++i, connection.createArrayOf("text", requestId));
      try (ResultSet rows = update.executeQuery()) {
        while (rows.next()) {
          written.add(rows.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("recording tracked changes failed", e);
    }
    List<Boolean> result = new ArrayList<>(n);
    for (String id : requestId) {
      result.add(written.contains(id));
    }
    return result;
  }
}
