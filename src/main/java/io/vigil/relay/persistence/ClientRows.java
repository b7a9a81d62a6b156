package io.vigil.relay.persistence;

import io.agroal.api.AgroalDataSource;
import io.vigil.core.persistence.JdbcTransactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plain-JDBC writes of the API's intake of client transactions: storing each with its one attempt,
 * recording its first broadcast, queueing an outcome. Each write is one statement (or one batch)
 * and one commit, where a JPA session inside a JTA transaction would take several round trips.
 */
@ApplicationScoped
public class ClientRows {

  private final AgroalDataSource dataSource;

  public ClientRows(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A new client transaction to store: its row, before it is stored, and its signed bytes. */
  public record NewClient(RelayTransaction tx, String raw) {}

  /** What {@link #insertClients} runs for each transaction: its row, then its one attempt. */
  static final String INSERT_CLIENT_SQL =
      "with t as (insert into relay_tx (request_id, kind, purpose, sender, target, data, value,"
          + " nonce, gas_limit, max_fee, priority_fee, tx_hash, status, created_at, updated_at)"
          + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing"
          + " returning request_id)"
          + " insert into relay_attempt (tx_hash, request_id, nonce, max_fee, priority_fee, raw,"
          + " created_at) select ?, request_id, ?, ?, ?, ?, ? from t";

  /**
   * Stores new client transactions, each with its one attempt, in one round trip and one durable
   * commit. Returns, in order, whether each was stored: false, with nothing written for it, when
   * its hash is stored already (as a client transaction, as an attempt of another request, or
   * earlier in the same list). Its first outcome is queued with its first broadcast ({@link
   * #recordFirstSends}), or by {@link #queueOutcome} when the node could not be reached.
   */
  public List<Boolean> insertClients(List<NewClient> batch) {
    Map<String, NewClient> distinct = new LinkedHashMap<>();
    for (NewClient one : batch) {
      distinct.putIfAbsent(one.tx().requestId, one);
    }
    List<NewClient> unique = List.copyOf(distinct.values());
    Set<String> stored = new HashSet<>();
    try {
      if (unique.size() == 1) {
        int[] counts = runForEach(INSERT_CLIENT_SQL, unique, ClientRows::bindNewClient);
        if (counts[0] == 1) {
          stored.add(unique.get(0).tx().requestId);
        }
      } else {
        stored.addAll(insertAll(unique));
      }
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) {
        throw new IllegalStateException("storing " + batch.size() + " transactions failed", e);
      }
      // A hash is an attempt of another request. That failed (and rolled back) the whole batch:
      // store each on its own, so that the others are not refused with it.
      if (unique.size() > 1) {
        for (NewClient one : unique) {
          if (insertClients(List.of(one)).get(0)) {
            stored.add(one.tx().requestId);
          }
        }
      }
    }
    List<Boolean> created = new ArrayList<>(batch.size());
    Set<String> reported = new HashSet<>();
    for (NewClient one : batch) {
      // Only the first of two equal transactions in the list is reported as stored.
      String id = one.tx().requestId;
      created.add(stored.contains(id) && reported.add(id));
    }
    return created;
  }

  /**
   * What {@link #insertClients} runs for several transactions: one statement whose rows come in as
   * arrays, so the batch is one round trip and one implicit transaction with one durable commit.
   */
  static final String INSERT_CLIENTS_SQL =
      "with c as (select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
          + " ?::text[], ?::text[]::numeric[], ?::text[]::bigint[], ?::text[]::bigint[],"
          + " ?::text[]::numeric[], ?::text[]::numeric[], ?::text[], ?::text[],"
          + " ?::text[]::timestamptz[], ?::text[]::timestamptz[], ?::text[])"
          + " as c(request_id, kind, purpose, sender, target, data, value, nonce, gas_limit,"
          + " max_fee, priority_fee, tx_hash, status, created_at, updated_at, raw)),"
          + " t as (insert into relay_tx (request_id, kind, purpose, sender, target, data, value,"
          + " nonce, gas_limit, max_fee, priority_fee, tx_hash, status, created_at, updated_at)"
          + " select request_id, kind, purpose, sender, target, data, value, nonce, gas_limit,"
          + " max_fee, priority_fee, tx_hash, status, created_at, updated_at from c"
          + " on conflict do nothing returning request_id),"
          + " s as (insert into relay_attempt (tx_hash, request_id, nonce, max_fee, priority_fee,"
          + " raw, created_at) select c.tx_hash, c.request_id, c.nonce, c.max_fee,"
          + " c.priority_fee, c.raw, c.created_at from c join t on t.request_id = c.request_id)"
          + " select request_id from t";

  /** Stores several distinct transactions in one statement; returns the ids it stored. */
  private Set<String> insertAll(List<NewClient> unique) throws SQLException {
    int n = unique.size();
    String[][] columns = new String[16][n];
    for (int r = 0; r < n; r++) {
      RelayTransaction tx = unique.get(r).tx();
      int c = 0;
      columns[c++][r] = tx.requestId;
      columns[c++][r] = tx.kind;
      columns[c++][r] = tx.purpose;
      columns[c++][r] = tx.sender;
      columns[c++][r] = tx.target;
      columns[c++][r] = tx.data;
      columns[c++][r] = RelayColumns.text(tx.value);
      columns[c++][r] = RelayColumns.text(tx.nonce);
      columns[c++][r] = RelayColumns.text(tx.gasLimit);
      columns[c++][r] = RelayColumns.text(tx.maxFee);
      columns[c++][r] = RelayColumns.text(tx.priorityFee);
      columns[c++][r] = tx.txHash;
      columns[c++][r] = tx.status.name();
      columns[c++][r] = RelayColumns.text(tx.createdAt);
      columns[c++][r] = RelayColumns.text(tx.updatedAt);
      columns[c][r] = unique.get(r).raw();
    }
    Set<String> stored = new HashSet<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(INSERT_CLIENTS_SQL)) {
      for (int c = 0; c < columns.length; c++) {
        insert.setArray(c + 1, connection.createArrayOf("text", columns[c]));
      }
      try (java.sql.ResultSet rows = insert.executeQuery()) {
        while (rows.next()) {
          stored.add(rows.getString(1));
        }
      }
    }
    return stored;
  }

  private static void bindNewClient(PreparedStatement insert, NewClient one) throws SQLException {
    RelayTransaction tx = one.tx();
    int i = 0;
    insert.setString(++i, tx.requestId);
    insert.setString(++i, tx.kind);
    insert.setString(++i, tx.purpose);
    insert.setString(++i, tx.sender);
    insert.setString(++i, tx.target);
    insert.setString(++i, tx.data);
    insert.setBigDecimal(++i, RelayColumns.decimal(tx.value));
    insert.setLong(++i, tx.nonce);
    insert.setLong(++i, tx.gasLimit);
    insert.setBigDecimal(++i, RelayColumns.decimal(tx.maxFee));
    insert.setBigDecimal(++i, RelayColumns.decimal(tx.priorityFee));
    insert.setString(++i, tx.txHash);
    insert.setString(++i, tx.status.name());
    insert.setObject(++i, RelayColumns.time(tx.createdAt));
    insert.setObject(++i, RelayColumns.time(tx.updatedAt));
    insert.setString(++i, tx.txHash);
    insert.setLong(++i, tx.nonce);
    insert.setBigDecimal(++i, RelayColumns.decimal(tx.maxFee));
    insert.setBigDecimal(++i, RelayColumns.decimal(tx.priorityFee));
    insert.setString(++i, one.raw());
    insert.setObject(++i, RelayColumns.time(tx.createdAt));
  }

  /** Sets the parameters of one run of a statement. */
  private interface Binder<T> {
    void bind(PreparedStatement statement, T item) throws SQLException;
  }

  /**
   * Runs {@code sql} once for each item, all in one round trip, and returns each run's update
   * count. Several runs share one transaction, so they are committed together or not at all.
   */
  private <T> int[] runForEach(String sql, List<T> items, Binder<T> binder) throws SQLException {
    if (items.size() == 1) {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement statement = connection.prepareStatement(sql)) {
        binder.bind(statement, items.get(0));
        return new int[] {statement.executeUpdate()};
      }
    }
    try {
      return JdbcTransactions.inTransaction(
          dataSource,
          connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
              for (T item : items) {
                binder.bind(statement, item);
                statement.addBatch();
              }
              return statement.executeBatch();
            }
          });
    } catch (SQLException e) {
      // A batch's failure names the statement that failed as its next exception.
      SQLException cause = e.getNextException();
      throw cause != null && cause.getSQLState() != null ? cause : e;
    }
  }

  /** Queues an outcome of a stored request, outside any status change. */
  public void queueOutcome(String requestId, String outcome) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "insert into relay_outbox (request_id, payload, created_at) values (?, ?, now())")) {
      insert.setString(1, requestId);
      insert.setString(2, outcome);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("queueing an outcome of " + requestId + " failed", e);
    }
  }

  /**
   * The first broadcast of a stored client transaction, for {@link #recordFirstSends}: the row as
   * the broadcast left it, and the outcome to queue (null when none is published).
   */
  public record FirstSend(RelayTransaction tx, String outcome) {}

  private static final String FIRST_SEND_SET =
      "update relay_tx set sends = sends + 1, last_sent_at = ?, updated_at = ?, status = ?,"
          + " reason = ?";

  private static final String FIRST_SEND_WHERE = " where request_id = ? and status = 'PENDING'";

  /**
   * What {@link #recordFirstSends} runs for a broadcast without an outcome to queue. It finds its
   * row by primary key alone: a PENDING row is never done (only CONFIRMED and FAILED rows are). It
   * changes no indexed column, so PostgreSQL can write the new row version beside the old one
   * without touching the indexes.
   */
  static final String RECORD_FIRST_SEND_SQL =
      "with" + RelayColumns.ASYNC_COMMIT + " " + FIRST_SEND_SET + " from a" + FIRST_SEND_WHERE;

  /** The same, with the outcome queued in the same statement. */
  static final String RECORD_FIRST_SEND_QUEUED_SQL =
      "with u as ("
          + FIRST_SEND_SET
          + FIRST_SEND_WHERE
          + " returning request_id),"
          + RelayColumns.ASYNC_COMMIT
          + " insert into relay_outbox (request_id, payload, created_at)"
          + " select request_id, ?, now() from u, a";

  /**
   * Records the first broadcasts of client transactions that are still PENDING, in one round trip
   * (and, for several, one transaction): each one's new status and reason, and its outcome when it
   * has one. Returns, in order, whether each row was still PENDING.
   *
   * <p>The API's first broadcast of a client transaction is not in the broadcast log: that log
   * records the sends made under an account's sending lease (the carrier's), and a client's nonce
   * is not Vigil's to allocate.
   */
  public List<Boolean> recordFirstSends(List<FirstSend> sends) {
    if (sends.size() > 1) {
      try {
        return recordAll(sends);
      } catch (SQLException e) {
        throw new IllegalStateException(
            "recording the broadcast of " + sends.size() + " transactions failed", e);
      }
    }
    List<Boolean> result = new ArrayList<>(sends.size());
    // Under one setting either all or none carry an outcome; a mixed list takes two round trips.
    List<FirstSend> queued = sends.stream().filter(send -> send.outcome() != null).toList();
    List<FirstSend> plain = sends.stream().filter(send -> send.outcome() == null).toList();
    Map<FirstSend, Boolean> written = new IdentityHashMap<>();
    try {
      record(RECORD_FIRST_SEND_QUEUED_SQL, queued, written);
      record(RECORD_FIRST_SEND_SQL, plain, written);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "recording the broadcast of " + sends.size() + " transactions failed", e);
    }
    for (FirstSend send : sends) {
      result.add(written.get(send));
    }
    return result;
  }

  /**
   * What {@link #recordFirstSends} runs for several broadcasts: one statement, the changes as
   * arrays, each outcome (when there is one) queued in it too; a commit that does not wait for the
   * disk, like the single one's.
   */
  static final String RECORD_FIRST_SENDS_SQL =
      "with c as (select * from unnest(?::text[]::timestamptz[], ?::text[]::timestamptz[],"
          + " ?::text[], ?::text[], ?::text[], ?::text[])"
          + " as c(last_sent_at, updated_at, status, reason, request_id, outcome)),"
          + " u as (update relay_tx t set sends = t.sends + 1, last_sent_at = c.last_sent_at,"
          + " updated_at = c.updated_at, status = c.status, reason = c.reason from c"
          + " where t.request_id = c.request_id and t.status = 'PENDING'"
          + " returning t.request_id, c.outcome),"
          + " o as (insert into relay_outbox (request_id, payload, created_at)"
          + " select request_id, outcome, now() from u where outcome is not null),"
          + RelayColumns.ASYNC_COMMIT
          + " select request_id from u, a";

  private List<Boolean> recordAll(List<FirstSend> sends) throws SQLException {
    int n = sends.size();
    String[][] columns = new String[6][n];
    for (int r = 0; r < n; r++) {
      RelayTransaction tx = sends.get(r).tx();
      columns[0][r] = RelayColumns.text(tx.lastSentAt);
      columns[1][r] = RelayColumns.text(tx.updatedAt);
      columns[2][r] = tx.status.name();
      columns[3][r] = tx.reason;
      columns[4][r] = tx.requestId;
      columns[5][r] = sends.get(r).outcome();
    }
    Set<String> written = new HashSet<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement(RECORD_FIRST_SENDS_SQL)) {
      for (int c = 0; c < columns.length; c++) {
        update.setArray(c + 1, connection.createArrayOf("text", columns[c]));
      }
      try (java.sql.ResultSet rows = update.executeQuery()) {
        while (rows.next()) {
          written.add(rows.getString(1));
        }
      }
    }
    List<Boolean> result = new ArrayList<>(n);
    Set<String> reported = new HashSet<>();
    for (FirstSend send : sends) {
      // A row is recorded once, whatever the number of its broadcasts in the list.
      result.add(written.contains(send.tx().requestId) && reported.add(send.tx().requestId));
    }
    return result;
  }

  private void record(String sql, List<FirstSend> sends, Map<FirstSend, Boolean> written)
      throws SQLException {
    if (sends.isEmpty()) {
      return;
    }
    int[] counts =
        runForEach(
            sql,
            sends,
            (update, send) -> {
              RelayTransaction tx = send.tx();
              int i = 0;
              update.setObject(++i, RelayColumns.time(tx.lastSentAt));
              update.setObject(++i, RelayColumns.time(tx.updatedAt));
              update.setString(++i, tx.status.name());
              update.setString(++i, tx.reason);
              update.setString(++i, tx.requestId);
              if (send.outcome() != null) {
                update.setString(++i, send.outcome());
              }
            });
    for (int i = 0; i < counts.length; i++) {
      written.put(sends.get(i), counts[i] == 1);
    }
  }
}
