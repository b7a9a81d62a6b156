package io.vigil.watcher.persistence;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import org.hibernate.Session;
import org.web3j.utils.Numeric;

/**
 * The plumbing the watcher's repositories share beyond {@link io.vigil.core.persistence.NativeSql}:
 * selects keyed by a bytea array of channel ids or addresses, read row by row on the JDBC
 * connection, and the hex to bytea conversions.
 */
final class SqlRows {

  private SqlRows() {}

  /** One row of a result, as the row mappers below read it. */
  interface RowReader {
    void read(ResultSet row) throws SQLException;
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
