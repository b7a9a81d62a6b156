package io.vigil.core.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.testsupport.PostgresServer;
import io.vigil.testsupport.TestInfrastructure;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The transaction helper against the real PostgreSQL: the work's writes are committed together and
 * only when it returns, a failure rolls every write back and reaches the caller as it was thrown,
 * and the connection goes back closed with its auto-commit as it found it.
 */
class JdbcTransactionsIT {

  private static PGSimpleDataSource database;

  private Connection held;
  private OneConnection pool;

  @BeforeAll
  static void database() throws SQLException {
    PostgresServer postgres = TestInfrastructure.get().postgres();
    database = new PGSimpleDataSource();
    database.setURL(postgres.createDatabase("tx_" + UUID.randomUUID().toString().substring(0, 8)));
    database.setUser(postgres.user());
    database.setPassword(postgres.password());
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("create table entry (id int primary key, label text not null)");
    }
  }

  @BeforeEach
  void emptyTableAndOneConnection() throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("delete from entry");
    }
    held = database.getConnection();
    pool = new OneConnection(held);
  }

  @AfterEach
  void closeConnection() throws SQLException {
    held.close();
  }

  @Test
  void shouldCommitTheWorksWritesTogetherWhenItReturns() throws SQLException {
    String answer =
        JdbcTransactions.inTransaction(
            pool,
            connection -> {
              insert(connection, 1, "first");
              insert(connection, 2, "second");
              assertThat(count()).as("seen from another session before the commit").isZero();
              return "stored";
            });

    assertThat(answer).isEqualTo("stored");
    assertThat(count()).isEqualTo(2);
    assertThat(held.getAutoCommit()).isTrue();
    assertThat(pool.closes).isEqualTo(1);
  }

  @Test
  void shouldRollBackEveryWriteAndRethrowWhenAStatementFails() throws SQLException {
    assertThatThrownBy(
            () ->
                JdbcTransactions.inTransaction(
                    pool,
                    connection -> {
                      insert(connection, 1, "first");
                      insert(connection, 1, "same key again");
                      return null;
                    }))
        .isInstanceOf(SQLException.class)
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("23505");

    assertThat(count()).isZero();
    assertThat(held.getAutoCommit()).isTrue();
    assertThat(pool.closes).isEqualTo(1);
    // The connection is usable again: the failed transaction was ended, not left aborted.
    insert(held, 3, "after");
    assertThat(count()).isEqualTo(1);
  }

  @Test
  void shouldRollBackEveryWriteAndRethrowTheSameRuntimeException() throws SQLException {
    IllegalStateException thrown = new IllegalStateException("work gave up");

    assertThatThrownBy(
            () ->
                JdbcTransactions.inTransaction(
                    pool,
                    connection -> {
                      insert(connection, 1, "first");
                      insert(connection, 2, "second");
                      throw thrown;
                    }))
        .isSameAs(thrown);

    assertThat(count()).isZero();
    assertThat(held.getAutoCommit()).isTrue();
    assertThat(pool.closes).isEqualTo(1);
  }

  @Test
  void shouldLeaveAutoCommitOffWhenTheConnectionCameWithItOff() throws SQLException {
    held.setAutoCommit(false);

    JdbcTransactions.inTransaction(pool, connection -> insert(connection, 1, "first"));

    assertThat(held.getAutoCommit()).isFalse();
    assertThat(count()).as("committed although auto-commit stayed off").isEqualTo(1);
  }

  private static int insert(Connection connection, int id, String label) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement("insert into entry (id, label) values (?, ?)")) {
      insert.setInt(1, id);
      insert.setString(2, label);
      return insert.executeUpdate();
    }
  }

  /** Rows of {@code entry} as another session sees them. */
  private static long count() throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select count(*) from entry")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /**
   * A pool of one: hands out the same real connection and counts closes instead of closing it, so
   * the test can read the state the helper gave it back in.
   */
  private static final class OneConnection extends PGSimpleDataSource {

    private final Connection connection;
    private int closes;

    OneConnection(Connection connection) {
      this.connection = connection;
    }

    @Override
    public Connection getConnection() {
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, arguments) -> {
                if (method.getName().equals("close")) {
                  closes++;
                  return null;
                }
                try {
                  return method.invoke(connection, arguments);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }
  }
}
