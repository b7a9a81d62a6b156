package io.vigil.client.store;

import io.vigil.client.http.JsonHttp;
import io.vigil.client.tower.PendingDelegation;
import io.vigil.client.tower.Tower;
import io.vigil.client.tower.TowerInfo;
import io.vigil.client.tower.TowerReceipt;
import io.vigil.client.tower.TowerState;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Signature;
import java.io.IOException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code tower_} tables' rows into values, and runs one statement with its arguments. */
final class TowerRows {

  private TowerRows() {}

  static Tower tower(ResultSet r) throws SQLException {
    long retry = r.getLong("next_retry_at");
    Instant nextRetry = r.wasNull() ? null : Instant.ofEpochMilli(retry);
    TowerInfo pinned =
        TowerInfo.of(
            r.getLong("chain_id"),
            Address.of(r.getString("hub")),
            Address.of(r.getString("hunter")),
            Address.of(r.getString("receipt_signer")),
            TowerInfo.Policy.of(
                r.getLong("min_challenge_period"),
                new BigInteger(r.getString("min_value_at_stake")),
                r.getLong("dispute_gas"),
                r.getInt("price_margin")));
    return new Tower(
        r.getString("url"),
        pinned,
        TowerState.valueOf(r.getString("state")),
        r.getString("reason"),
        Instant.ofEpochMilli(r.getLong("since")),
        r.getInt("failures"),
        nextRetry);
  }

  static PendingDelegation pending(ResultSet r) throws SQLException {
    try {
      return new PendingDelegation(
          r.getString("url"),
          ChannelId.of(r.getString("channel_id")),
          r.getLong("nonce"),
          JsonHttp.JSON.readTree(r.getString("body")),
          Instant.ofEpochMilli(r.getLong("queued_at")));
    } catch (IOException unreadable) {
      throw new SQLException("a pending delegation is not JSON", unreadable);
    }
  }

  static TowerReceipt receipt(ResultSet r) throws SQLException {
    return new TowerReceipt(
        r.getString("url"),
        ChannelId.of(r.getString("channel_id")),
        r.getLong("nonce"),
        r.getLong("accepted_at_block"),
        Address.of(r.getString("signer")),
        Signature.parse(r.getString("signature")),
        Instant.ofEpochMilli(r.getLong("received_at")));
  }

  @FunctionalInterface
  interface Row<T> {
    T read(ResultSet row) throws SQLException;
  }

  static <T> List<T> query(Connection c, String sql, Row<T> row, Object... args)
      throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      bind(statement, args);
      try (ResultSet result = statement.executeQuery()) {
        List<T> rows = new ArrayList<>();
        while (result.next()) {
          rows.add(row.read(result));
        }
        return rows;
      }
    }
  }

  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      bind(statement, args);
      return statement.executeUpdate();
    }
  }

  static void bind(PreparedStatement statement, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      statement.setObject(i + 1, args[i]);
    }
  }
}
