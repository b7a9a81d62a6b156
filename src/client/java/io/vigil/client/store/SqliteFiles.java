package io.vigil.client.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens connections to the kit's SQLite file. Every part of the kit that keeps tables (towers,
 * relay journal, routing cursors) opens its connections here, straight from the SQLite driver:
 * {@code DriverManager} only hands out drivers visible to the caller's class loader, which an
 * application server or a test framework may not share with the kit.
 */
public final class SqliteFiles {

  private SqliteFiles() {}

  /** The JDBC URL of the SQLite file at {@code file}. */
  public static String url(Path file) {
    return "jdbc:sqlite:" + file.toAbsolutePath();
  }

  /**
   * A connection to {@code url} that waits up to {@code busyTimeoutMillis} for another writer (a
   * second CLI call, another part of the kit) instead of failing at once.
   */
  public static Connection connect(String url, int busyTimeoutMillis) throws SQLException {
    Connection connection = org.sqlite.JDBC.createConnection(url, new Properties());
    if (connection == null) {
      throw new SQLException("not a SQLite URL: " + url);
    }
    try (Statement pragma = connection.createStatement()) {
      pragma.execute("PRAGMA busy_timeout = " + busyTimeoutMillis);
    } catch (SQLException refused) {
      connection.close();
      throw refused;
    }
    return connection;
  }
}
