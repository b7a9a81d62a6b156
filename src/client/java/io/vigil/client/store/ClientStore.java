package io.vigil.client.store;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * The kit's local store: one SQLite file ({@code client.db}) in which every part of the kit keeps
 * its tables, each part under its own prefix. It hands out one connection, serialized, and runs
 * work in transactions so that a crash leaves either all of a change or none of it.
 */
public final class ClientStore implements AutoCloseable {

  /** Work done inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final Path file;
  private final Connection connection;

  private ClientStore(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** Opens (creating when missing) the store in {@code file}. */
  public static ClientStore open(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement pragma = connection.createStatement()) {
        // Another process (a second CLI call) may hold the file briefly: wait, do not fail.
        pragma.execute("PRAGMA busy_timeout = 10000");
        pragma.execute("PRAGMA journal_mode = WAL");
        pragma.execute("PRAGMA synchronous = FULL");
        pragma.execute("PRAGMA foreign_keys = ON");
      }
      connection.setAutoCommit(false);
      return new ClientStore(file, connection);
    } catch (SQLException unopenable) {
      throw failure("cannot open the local store " + file, unopenable);
    }
  }

  public Path file() {
    return file;
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
   */
  public synchronized <T> T inTransaction(Work<T> work) {
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException failed) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        failed.addSuppressed(ignored);
      }
      if (failed instanceof VigilClientException known) {
        throw known;
      }
      throw failure("the local store " + file + " failed: " + failed.getMessage(), failed);
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Nothing is pending: every change was committed or rolled back in its transaction.
    }
  }

  private static VigilClientException failure(String detail, Exception cause) {
    return VigilClientException.of(ErrorCode.STORE, detail, cause);
  }
}
