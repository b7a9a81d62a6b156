package io.vigil.relay.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plain-JDBC reads and writes on the relay's busiest paths: taking a client transaction, recording
 * its first broadcast, answering the status API, and the carrier's tracking. Each write is one
 * statement (or one batch) and one commit, where a JPA session inside a JTA transaction would take
 * several round trips; the rarer paths keep using the Panache entities.
 */
@ApplicationScoped
public class RelayRows {

  /** An open request with its attempts, newest first. */
  public record Open(RelayTransaction tx, List<RelayAttempt> attempts) {}

  /**
   * A change of one row, written only if the row still shows what the change was based on, with the
   * outcome to queue (JSON; null when the change is not published).
   */
  public record Change(RelayTransaction updated, Expected expected, String outcome) {}

  /** What the row said when it was read. */
  public record Expected(String status, String txHash, String blockHash, int confirmations) {}

  private static final String COLUMNS =
      "t.request_id, t.kind, t.purpose, t.sender, t.target, t.data, t.value, t.deadline,"
          + " t.value_at_stake, t.channel_id, t.nonce, t.gas_limit, t.max_fee, t.priority_fee,"
          + " t.tx_hash, t.status, t.block_number, t.block_hash, t.confirmations, t.gas_used,"
          + " t.effective_gas_price, t.reason, t.sends, t.done, t.created_at, t.updated_at,"
          + " t.last_sent_at";

  private final AgroalDataSource dataSource;

  public RelayRows(AgroalDataSource dataSource) {
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
      int[] counts = runForEach(INSERT_CLIENT_SQL, unique, RelayRows::bindNewClient);
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 1) {
          stored.add(unique.get(i).tx().requestId);
        }
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

  private static void bindNewClient(PreparedStatement insert, NewClient one) throws SQLException {
    RelayTransaction tx = one.tx();
    int i = 0;
    insert.setString(++i, tx.requestId);
    insert.setString(++i, tx.kind);
    insert.setString(++i, tx.purpose);
    insert.setString(++i, tx.sender);
    insert.setString(++i, tx.target);
    insert.setString(++i, tx.data);
    insert.setBigDecimal(++i, decimal(tx.value));
    insert.setLong(++i, tx.nonce);
    insert.setLong(++i, tx.gasLimit);
    insert.setBigDecimal(++i, decimal(tx.maxFee));
    insert.setBigDecimal(++i, decimal(tx.priorityFee));
    insert.setString(++i, tx.txHash);
    insert.setString(++i, tx.status);
    insert.setObject(++i, time(tx.createdAt));
    insert.setObject(++i, time(tx.updatedAt));
    insert.setString(++i, tx.txHash);
    insert.setLong(++i, tx.nonce);
    insert.setBigDecimal(++i, decimal(tx.maxFee));
    insert.setBigDecimal(++i, decimal(tx.priorityFee));
    insert.setString(++i, one.raw());
    insert.setObject(++i, time(tx.createdAt));
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
    try (Connection connection = dataSource.getConnection()) {
      if (items.size() == 1) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          binder.bind(statement, items.get(0));
          return new int[] {statement.executeUpdate()};
        }
      }
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        for (T item : items) {
          binder.bind(statement, item);
          statement.addBatch();
        }
        int[] counts = statement.executeBatch();
        connection.commit();
        return counts;
      } catch (SQLException e) {
        connection.rollback();
        // A batch's failure names the statement that failed as its next exception.
        SQLException cause = e.getNextException();
        throw cause != null && cause.getSQLState() != null ? cause : e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
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
   * A common table expression ({@code a}, to be joined in) that commits its statement without
   * waiting for the WAL to reach the disk. For what the carrier can find out again from the chain
   * alone: a lost commit (PostgreSQL itself crashing in the next few hundred milliseconds) leaves
   * the row as it was, and the next pass of the carrier looks again. Every other session sees the
   * change at once, as with any commit; the stored request itself is always committed durably.
   */
  private static final String ASYNC_COMMIT =
      " a as (select set_config('synchronous_commit', 'off', true))";

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
      "with" + ASYNC_COMMIT + " " + FIRST_SEND_SET + " from a" + FIRST_SEND_WHERE;

  /** The same, with the outcome queued in the same statement. */
  static final String RECORD_FIRST_SEND_QUEUED_SQL =
      "with u as ("
          + FIRST_SEND_SET
          + FIRST_SEND_WHERE
          + " returning request_id),"
          + ASYNC_COMMIT
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
    List<Boolean> result = new ArrayList<>(sends.size());
    // Under one setting either all or none carry an outcome; a mixed list takes two round trips.
    List<FirstSend> queued = sends.stream().filter(send -> send.outcome() != null).toList();
    List<FirstSend> plain = sends.stream().filter(send -> send.outcome() == null).toList();
    Map<FirstSend, Boolean> written = new java.util.IdentityHashMap<>();
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
              update.setObject(++i, time(tx.lastSentAt));
              update.setObject(++i, time(tx.updatedAt));
              update.setString(++i, tx.status);
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

  /**
   * A request by its id or, for a 0x hash, by the hash of any of its attempts or of its current
   * transaction.
   */
  public Optional<RelayTransaction> find(String id) {
    boolean hash = id.startsWith("0x") || id.startsWith("0X");
    String sql =
        hash
            ? "(select "
                + COLUMNS
                + " from relay_tx t where t.request_id = ?) union all (select "
                + COLUMNS
                + " from relay_attempt a join relay_tx t on t.request_id = a.request_id"
                + " where a.tx_hash = ?) union all (select "
                + COLUMNS
                + " from relay_tx t where t.tx_hash = ?) limit 1"
            : "select " + COLUMNS + " from relay_tx t where t.request_id = ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, id);
      if (hash) {
        String lower = id.toLowerCase(java.util.Locale.ROOT);
        query.setString(2, lower);
        query.setString(3, lower);
      }
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? Optional.of(row(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading " + id + " failed", e);
    }
  }

  /** What {@link #waitingOwn} runs. */
  static final String WAITING_OWN_SQL =
      "select "
          + COLUMNS
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
          waiting.add(row(rows));
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
        + COLUMNS
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
            entry = new Open(row(rows), new ArrayList<>());
            open.put(requestId, entry);
          }
          String attemptHash = rows.getString("a_hash");
          if (attemptHash != null) {
            RelayAttempt attempt = new RelayAttempt();
            attempt.txHash = attemptHash;
            attempt.requestId = requestId;
            attempt.nonce = rows.getLong("a_nonce");
            attempt.maxFee = integer(rows.getBigDecimal("a_max_fee"));
            attempt.priorityFee = integer(rows.getBigDecimal("a_priority_fee"));
            attempt.raw = rows.getString("a_raw");
            attempt.cancels = rows.getBoolean("a_cancels");
            attempt.createdAt = instant(rows.getObject("a_created_at", OffsetDateTime.class));
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
          + ASYNC_COMMIT
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
      blockNumber[i] = text(tx.blockNumber);
      blockHash[i] = tx.blockHash;
      confirmations[i] = String.valueOf(tx.confirmations);
      gasUsed[i] = text(tx.gasUsed);
      gasPrice[i] = text(tx.effectiveGasPrice);
      status[i] = tx.status;
      reason[i] = tx.reason;
      done[i] = String.valueOf(tx.done);
      updatedAt[i] = text(tx.updatedAt);
      requestId[i] = tx.requestId;
      wasStatus[i] = expected.status();
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

  private static RelayTransaction row(ResultSet rows) throws SQLException {
    RelayTransaction tx = new RelayTransaction();
    tx.requestId = rows.getString("request_id");
    tx.kind = rows.getString("kind");
    tx.purpose = rows.getString("purpose");
    tx.sender = rows.getString("sender");
    tx.target = rows.getString("target");
    tx.data = rows.getString("data");
    tx.value = integer(rows.getBigDecimal("value"));
    tx.deadline = rows.getLong("deadline");
    tx.valueAtStake = integer(rows.getBigDecimal("value_at_stake"));
    tx.channelId = rows.getString("channel_id");
    tx.nonce = nullableLong(rows, "nonce");
    tx.gasLimit = nullableLong(rows, "gas_limit");
    tx.maxFee = integer(rows.getBigDecimal("max_fee"));
    tx.priorityFee = integer(rows.getBigDecimal("priority_fee"));
    tx.txHash = rows.getString("tx_hash");
    tx.status = rows.getString("status");
    tx.blockNumber = nullableLong(rows, "block_number");
    tx.blockHash = rows.getString("block_hash");
    tx.confirmations = rows.getInt("confirmations");
    tx.gasUsed = integer(rows.getBigDecimal("gas_used"));
    tx.effectiveGasPrice = integer(rows.getBigDecimal("effective_gas_price"));
    tx.reason = rows.getString("reason");
    tx.sends = rows.getInt("sends");
    tx.done = rows.getBoolean("done");
    tx.createdAt = instant(rows.getObject("created_at", OffsetDateTime.class));
    tx.updatedAt = instant(rows.getObject("updated_at", OffsetDateTime.class));
    tx.lastSentAt = instant(rows.getObject("last_sent_at", OffsetDateTime.class));
    return tx;
  }

  private static Long nullableLong(ResultSet rows, String column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? null : value;
  }

  /** A value as PostgreSQL reads it from text (null stays null). */
  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private static BigInteger integer(BigDecimal value) {
    return value == null ? null : value.toBigIntegerExact();
  }

  private static BigDecimal decimal(BigInteger value) {
    return value == null ? null : new BigDecimal(value);
  }

  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
