package io.vigil.router.reactive.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Reads routing entries for the stateless polling endpoint, with one indexed query each. */
@ApplicationScoped
public class EntryReader {

  private final AgroalDataSource dataSource;

  public EntryReader(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A live entry as a client sees it. */
  public record LiveEntry(String hash, BigDecimal amount, String nextHop, Instant expiresAt) {}

  /** Stored entries and queued outgoing messages, for the node view. */
  public long[] counts() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "select (select count(*) from router_entry), (select count(*) from router_outbox)");
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return new long[] {rows.getLong(1), rows.getLong(2)};
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count entries", e);
    }
  }

  public Optional<LiveEntry> live(String hash, Instant now) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "select amount, next_hop, expires_at from router_entry"
                    + " where hash = ? and expires_at > ?")) {
      statement.setString(1, hash);
      statement.setTimestamp(2, Timestamp.from(now));
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new LiveEntry(
                hash, rows.getBigDecimal(1), rows.getString(2), rows.getTimestamp(3).toInstant()));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the routing entry", e);
    }
  }
}
