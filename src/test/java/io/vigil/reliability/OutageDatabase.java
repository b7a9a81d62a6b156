package io.vigil.reliability;

import io.vigil.core.channel.ChannelId;
import io.vigil.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.web3j.utils.Numeric;

/** Reads the watcher's tables in the outage test's own database, whichever server is up. */
final class OutageDatabase {

  private final String url;
  private final String user;
  private final String password;

  OutageDatabase(PostgresServer server) {
    this.url = server.jdbcUrl();
    this.user = server.user();
    this.password = server.password();
  }

  long count(String sql) {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet result = statement.executeQuery()) {
      return result.next() ? result.getLong(1) : -1;
    } catch (SQLException e) {
      return -1; // not reachable or not migrated yet: the caller waits or fails on the figure
    }
  }

  /**
   * The state held for {@code channel} next to what the watcher knows of the channel (addresses as
   * lower-case 0x hex), or null when nothing is held.
   */
  Map<String, Object> heldState(ChannelId channel) {
    String sql =
        "select s.nonce, s.balance_a, s.signer_a, s.signer_b, c.party_a, c.party_b,"
            + " s.hunter_auth_b is not null as hunter_auth_b, s.expires_at"
            + " from watcher_state s left join watcher_channel c using (channel_id)"
            + " where s.channel_id = ?";
    try (Connection connection = DriverManager.getConnection(url, user, password);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setBytes(1, channel.toBytes());
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return null;
        }
        Map<String, Object> held = new HashMap<>();
        held.put("nonce", row.getLong("nonce"));
        held.put("balance_a", row.getBigDecimal("balance_a").toBigIntegerExact());
        for (String column : new String[] {"signer_a", "signer_b", "party_a", "party_b"}) {
          byte[] bytes = row.getBytes(column);
          held.put(column, bytes == null ? null : Numeric.toHexString(bytes).toLowerCase());
        }
        held.put("hunter_auth_b", row.getBoolean("hunter_auth_b"));
        held.put("expires_at", row.getObject("expires_at"));
        return held;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
