package io.vigil.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** A real PostgreSQL server (embedded binaries) on a free loopback port. */
public final class PostgresServer implements AutoCloseable {

  private final EmbeddedPostgres postgres; // null when attached to a server started elsewhere
  private final int port;

  private PostgresServer(EmbeddedPostgres postgres, int port) {
    this.postgres = postgres;
    this.port = port;
  }

  /** A handle on a server started elsewhere in this JVM; closing it leaves the server running. */
  static PostgresServer attach(int port) {
    return new PostgresServer(null, port);
  }

  int port() {
    return port;
  }

  /** Starts a server; with a data directory, its contents survive a restart. */
  public static PostgresServer start(Path dataDirectory) {
    return start(dataDirectory, Ports.free());
  }

  /**
   * Starts a server on {@code port}: with the same data directory and port, a server stopped with
   * {@link #close()} comes back with its contents at the same URL, so clients reconnect to it.
   */
  public static PostgresServer start(Path dataDirectory, int port) {
    try {
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setPort(port)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "200")
              // Durable commits, as a production server has them: the embedded defaults turn
              // both off, which would let a test or benchmark answer before its data is on disk.
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on");
      if (Boolean.getBoolean("vigil-test.pg-stat-statements")) {
        // Statements counted by text, for benchmarks that count what a path asks of PostgreSQL.
        builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
      }
      if (dataDirectory != null) {
        builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
      }
      EmbeddedPostgres postgres = builder.start();
      PostgresServer server = new PostgresServer(postgres, port);
      server.execute("create database vigil");
      server.requireDurableCommits();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
  }

  public String jdbcUrl() {
    return jdbcUrl("vigil");
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public String user() {
    return "postgres";
  }

  public String password() {
    return "postgres";
  }

  /** Creates a fresh database for a process that must not share state with the others. */
  public String createDatabase(String name) {
    execute("create database " + name);
    return jdbcUrl(name);
  }

  /** Fails unless a commit waits for its WAL to be flushed to disk. */
  private void requireDurableCommits() {
    try (Connection connection =
            DriverManager.getConnection(jdbcUrl("postgres"), user(), password());
        Statement statement = connection.createStatement()) {
      for (String setting : List.of("fsync", "synchronous_commit")) {
        try (ResultSet value = statement.executeQuery("show " + setting)) {
          value.next();
          if (!"on".equals(value.getString(1))) {
            throw new IllegalStateException(setting + " is " + value.getString(1) + ", not on");
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading the durability settings failed", e);
    }
  }

  private void execute(String sql) {
    try (Connection connection =
            DriverManager.getConnection(jdbcUrl("postgres"), user(), password());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      if (!"42P04".equals(e.getSQLState())) { // duplicate_database: kept from an earlier run
        throw new IllegalStateException(sql + " failed", e);
      }
    }
  }

  @Override
  public void close() {
    if (postgres == null) {
      return;
    }
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
