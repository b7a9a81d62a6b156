package io.vigil.router.payinit;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What the table {@code payment_init} holds, read straight through JDBC. Test-only. */
final class PaymentInitRows {

  private PaymentInitRows() {}

  static long count(AgroalDataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("select count(*) from payment_init")) {
      result.next();
      return result.getLong(1);
    }
  }

  /** Every row, every column, as PostgreSQL renders it (bytea as hex). */
  static String everyColumnAsText(AgroalDataSource dataSource) throws SQLException {
    StringBuilder all = new StringBuilder();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery("select row_to_json(p)::text from payment_init p")) {
      while (result.next()) {
        all.append(result.getString(1)).append('\n');
      }
    }
    return all.toString();
  }

  /** The stored envelope bytes of {@code id}. */
  static byte[] envelope(AgroalDataSource dataSource, String id) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("select envelope from payment_init where id = ?::uuid")) {
      statement.setString(1, id);
      try (ResultSet result = statement.executeQuery()) {
        assertThat(result.next()).as("a row with id %s", id).isTrue();
        return result.getBytes(1);
      }
    }
  }

  static void execute(AgroalDataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
