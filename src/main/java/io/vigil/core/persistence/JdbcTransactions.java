package io.vigil.core.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Plain-JDBC work run in one transaction on a connection of the pool: committed when the work
 * returns, rolled back when it throws ({@link SQLException} or {@link RuntimeException}, rethrown
 * as they are), the connection's auto-commit set back as it was before it goes back to the pool.
 */
public final class JdbcTransactions {

  private JdbcTransactions() {}

  /** Statements run on the transaction's connection; answers what the transaction returns. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction on a connection of {@code dataSource} and answers its
   * result once committed. WARNING: the work must neither commit nor change auto-commit itself. A
   * rollback that fails is attached to the work's exception, which is the one thrown.
   */
  public static <T> T inTransaction(DataSource dataSource, SqlWork<T> work) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException failed) {
        try {
          connection.rollback();
        } catch (SQLException rollbackFailed) {
          failed.addSuppressed(rollbackFailed);
        }
        throw failed;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    }
  }
}
