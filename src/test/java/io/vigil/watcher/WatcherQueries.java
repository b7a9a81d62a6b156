package io.vigil.watcher;

import io.vigil.core.channel.ChannelId;
import io.vigil.testsupport.TestInfrastructure;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads the watcher's tables directly, to assert what was (and was not) stored. */
final class WatcherQueries {

  private WatcherQueries() {}

  static boolean channelKnown(ChannelId id) {
    return count("select count(*) from watcher_channel where channel_id = ?", id) == 1;
  }

  /** Whether the watcher knows the channel with these total deposits (later deposits included). */
  static boolean channelKnown(ChannelId id, BigInteger total) {
    return count(
            "select count(*) from watcher_channel where channel_id = ? and total = ?",
            id,
            new BigDecimal(total))
        == 1;
  }

  /** A count by channel id (none when null), with {@code more} parameters after it. */
  static long count(String sql, ChannelId id, Object... more) {
    try (Connection connection = connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      int index = 0;
      if (id != null) {
        statement.setBytes(++index, id.toBytes());
      }
      for (Object value : more) {
        statement.setObject(++index, value);
      }
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every row of the watcher's tables as text, to compare before and after a refusal. */
  static List<String> snapshot() {
    List<String> rows = new ArrayList<>();
    for (String table :
        List.of("watcher_state", "watcher_channel", "watcher_request", "watcher_outcome")) {
      try (Connection connection = connect();
          PreparedStatement statement =
              connection.prepareStatement("select t::text from " + table + " t order by 1");
          ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows.add(table + " " + result.getString(1));
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    return rows;
  }

  private static Connection connect() throws SQLException {
    var postgres = TestInfrastructure.get().postgres();
    return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
  }
}
