package io.vigil.watcher.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.hibernate.Session;
import org.web3j.utils.Numeric;

/**
 * The plumbing the watcher's repositories share: native statements with positional parameters,
 * selects keyed by a bytea array of channel ids or addresses, read row by row on the JDBC
 * connection, and the hex to bytea conversions.
 */
final class SqlRows {

  private SqlRows() {}

  /** One row of a result, as the row mappers below read it. */
  interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  /**
   * Runs an insert, update or delete whose parameters are {@code ?1}, {@code ?2}, ... in order;
   * returns how many rows it changed.
   */
  static int update(EntityManager em, String sql, Object... parameters) {
    return bind(em.createNativeQuery(sql), parameters).executeUpdate();
  }

  /**
   * Runs a select whose parameters are {@code ?1}, {@code ?2}, ... in order: each row an {@code
   * Object[]}, or the value itself when one column is selected.
   */
  static List<?> select(EntityManager em, String sql, Object... parameters) {
    return bind(em.createNativeQuery(sql), parameters).getResultList();
  }

  /** Binds in order; a {@link BigInteger} (a uint256) is bound as numeric. */
  private static Query bind(Query query, Object... parameters) {
    for (int i = 0; i < parameters.length; i++) {
      Object value = parameters[i];
      query.setParameter(i + 1, value instanceof BigInteger big ? new BigDecimal(big) : value);
    }
    return query;
  }

  /** Runs {@code sql}, whose one parameter is a bytea array of {@code keys}, row by row. */
  static void selectWhereAny(
      EntityManager em, String sql, Collection<String> keys, RowReader reader) {
    if (keys.isEmpty()) {
      return;
    }
    em.unwrap(Session.class)
        .doWork(
            connection -> {
              try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setArray(1, byteaArray(connection, keys));
                try (ResultSet rows = select.executeQuery()) {
                  while (rows.next()) {
                    reader.read(rows);
                  }
                }
              }
            });
  }

  private static java.sql.Array byteaArray(Connection connection, Collection<String> hexes)
      throws SQLException {
    return connection.createArrayOf(
        "bytea", hexes.stream().map(SqlRows::bytes).toArray(byte[][]::new));
  }

  static Object[] row(ResultSet rows, int columns) throws SQLException {
    Object[] row = new Object[columns];
    for (int i = 0; i < columns; i++) {
      row[i] = rows.getObject(i + 1);
    }
    return row;
  }

  static byte[] bytes(String hex) {
    return Numeric.hexStringToByteArray(hex);
  }

  static String hex(byte[] value) {
    return Numeric.toHexString(value);
  }
}
