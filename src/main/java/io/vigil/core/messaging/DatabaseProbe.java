package io.vigil.core.messaging;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Asks PostgreSQL {@code select 1}, through the application's connection pool. */
@ApplicationScoped
public class DatabaseProbe implements StoreProbe {

  private static final int TIMEOUT_SECONDS = 2;

  private final AgroalDataSource dataSource;

  public DatabaseProbe(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public boolean answers() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(TIMEOUT_SECONDS);
      statement.execute("select 1");
      return true;
    } catch (SQLException | RuntimeException unreachable) {
      return false;
    }
  }
}
