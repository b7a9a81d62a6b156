package io.vigil.router.reactive.persistence;

import io.agroal.api.AgroalDataSource;
import io.vigil.core.persistence.JdbcTransactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * In charge of the bundle store in PostgreSQL: bundles are appended by the core (inside its
 * transaction) and read by the stateless polling endpoints (plain JDBC, no session state).
 */
@ApplicationScoped
public class BundleStore {

  private final EntityManager entities;
  private final AgroalDataSource dataSource;

  public BundleStore(EntityManager entities, AgroalDataSource dataSource) {
    this.entities = entities;
    this.dataSource = dataSource;
  }

  /** The stored range: first and last seq; last is 0 and first 1 when nothing is stored. */
  public record Range(long first, long last) {}

  /** Appends a bundle; call inside the core's transaction. */
  public void append(long seq, String tableId, Instant createdAt, int messageCount, String body) {
    entities
        .createNativeQuery(
            "insert into router_bundle (seq, table_id, created_at, message_count, body)"
                + " values (?1, ?2, ?3, ?4, ?5)")
        .setParameter(1, seq)
        .setParameter(2, tableId)
        .setParameter(3, Timestamp.from(createdAt))
        .setParameter(4, messageCount)
        .setParameter(5, body)
        .executeUpdate();
  }

  /** Last seq and when it was cut, inside the core's transaction. */
  public Optional<Object[]> newest() {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        entities
            .createNativeQuery(
                "select seq, created_at from router_bundle order by seq desc limit 1")
            .getResultList();
    return rows.stream().findFirst();
  }

  /** Deletes bundles older than the cut-off or beyond the newest {@code keep}; never the newest. */
  public int trim(Instant olderThan, int keep) {
    return entities
        .createNativeQuery(
            "delete from router_bundle where seq < (select max(seq) from router_bundle)"
                + " and (created_at < ?1 or seq <= (select max(seq) from router_bundle) - ?2)")
        .setParameter(1, Timestamp.from(olderThan))
        .setParameter(2, keep)
        .executeUpdate();
  }

  /** Drops the whole history (a new table id starts). */
  public void clear() {
    entities.createNativeQuery("delete from router_bundle").executeUpdate();
  }

  /** Stored bodies of the bundles in the inclusive range, in seq order, with the current range. */
  public Page read(long start, long end) {
    try {
      return JdbcTransactions.inTransaction(
          dataSource,
          connection -> {
            // One snapshot for the node, the range and the bodies; set before the first statement.
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return read(connection, start, end);
          });
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read bundles", e);
    }
  }

  private static Page read(Connection connection, long start, long end) throws SQLException {
    String node = null;
    String tableId = null;
    try (PreparedStatement statement =
            connection.prepareStatement("select address, table_id from router_node");
        ResultSet rows = statement.executeQuery()) {
      if (rows.next()) {
        node = rows.getString(1);
        tableId = rows.getString(2);
      }
    }
    Range range;
    try (PreparedStatement statement =
            connection.prepareStatement("select min(seq), max(seq) from router_bundle");
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      long last = rows.getLong(2);
      range = rows.wasNull() ? new Range(1, 0) : new Range(rows.getLong(1), last);
    }
    List<String> bodies = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "select body from router_bundle where seq between ? and ? order by seq")) {
      statement.setLong(1, start);
      statement.setLong(2, end);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          bodies.add(rows.getString(1));
        }
      }
    }
    return new Page(node, tableId, range, bodies);
  }

  /** Bundle bodies with the node, table id and range that were stored when they were read. */
  public record Page(String node, String tableId, Range range, List<String> bodies) {}
}
