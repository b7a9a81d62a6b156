package io.vigil.client.routing;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.store.SqliteFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

/**
 * In charge of the durable side of bundle following, in the kit's SQLite file: per server, the
 * cursor (pinned node, table id, last seq read in order) in {@code routing_cursor}, and a digest of
 * each bundle read in {@code routing_seen_bundle}, which is how a replayed seq with other content
 * is recognised. Every write commits before it returns, so a restart resumes where the last follow
 * stopped.
 */
public final class RoutingCursorStore {

  /** Digests older than this many seqs behind the cursor are pruned. */
  static final long SEEN_WINDOW = 10_000;

  /** Where a client stands in one server's bundle stream. */
  public record Cursor(String server, String node, String tableId, long lastSeq) {

    /** A cursor that has read nothing yet. */
    public static Cursor fresh(String server, String node) {
      return new Cursor(server, node, null, 0);
    }
  }

  private final String url;

  public RoutingCursorStore(Path database) {
    this.url = SqliteFiles.url(database);
    run(
        connection -> {
          try (Statement ddl = connection.createStatement()) {
            ddl.executeUpdate(
                "CREATE TABLE IF NOT EXISTS routing_cursor (server TEXT PRIMARY KEY, node TEXT NOT"
                    + " NULL, table_id TEXT, last_seq INTEGER NOT NULL, updated_at INTEGER NOT"
                    + " NULL)");
            ddl.executeUpdate(
                "CREATE TABLE IF NOT EXISTS routing_seen_bundle (server TEXT NOT NULL, table_id"
                    + " TEXT NOT NULL, seq INTEGER NOT NULL, digest TEXT NOT NULL, PRIMARY KEY"
                    + " (server, table_id, seq))");
          }
          return null;
        });
  }

  public Optional<Cursor> cursor(String server) {
    return run(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT node, table_id, last_seq FROM routing_cursor WHERE server = ?")) {
            query.setString(1, server);
            try (ResultSet row = query.executeQuery()) {
              return row.next()
                  ? Optional.of(
                      new Cursor(server, row.getString(1), row.getString(2), row.getLong(3)))
                  : Optional.<Cursor>empty();
            }
          }
        });
  }

  /**
   * Stores the cursor, the digests of the bundles read up to it ({@code seq → digest}; a seq
   * already recorded keeps its first digest) and prunes digests far behind it, in one transaction.
   */
  public void save(Cursor cursor, Map<Long, String> digests) {
    run(
        connection -> {
          connection.setAutoCommit(false);
          try (PreparedStatement upsert =
                  connection.prepareStatement(
                      "INSERT INTO routing_cursor (server, node, table_id, last_seq, updated_at)"
                          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (server) DO UPDATE SET node ="
                          + " excluded.node, table_id = excluded.table_id, last_seq ="
                          + " excluded.last_seq, updated_at = excluded.updated_at");
              PreparedStatement insert =
                  connection.prepareStatement(
                      "INSERT OR IGNORE INTO routing_seen_bundle (server, table_id, seq, digest)"
                          + " VALUES (?, ?, ?, ?)");
              PreparedStatement prune =
                  connection.prepareStatement(
                      "DELETE FROM routing_seen_bundle WHERE server = ? AND (table_id IS NOT ? OR"
                          + " seq < ?)")) {
            upsert.setString(1, cursor.server());
            upsert.setString(2, cursor.node());
            upsert.setString(3, cursor.tableId());
            upsert.setLong(4, cursor.lastSeq());
            upsert.setLong(5, System.currentTimeMillis());
            upsert.executeUpdate();
            for (Map.Entry<Long, String> digest : digests.entrySet()) {
              insert.setString(1, cursor.server());
              insert.setString(2, cursor.tableId());
              insert.setLong(3, digest.getKey());
              insert.setString(4, digest.getValue());
              insert.executeUpdate();
            }
            prune.setString(1, cursor.server());
            prune.setString(2, cursor.tableId());
            prune.setLong(3, cursor.lastSeq() - SEEN_WINDOW);
            prune.executeUpdate();
            connection.commit();
          }
          return null;
        });
  }

  /** The digest of the bundle read for {@code seq} of {@code tableId}, if one was. */
  public Optional<String> seen(String server, String tableId, long seq) {
    return run(
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT digest FROM routing_seen_bundle WHERE server = ? AND table_id = ? AND"
                      + " seq = ?")) {
            query.setString(1, server);
            query.setString(2, tableId);
            query.setLong(3, seq);
            try (ResultSet row = query.executeQuery()) {
              return row.next() ? Optional.of(row.getString(1)) : Optional.<String>empty();
            }
          }
        });
  }

  private interface Work<T> {
    T on(Connection connection) throws SQLException;
  }

  private <T> T run(Work<T> work) {
    try (Connection connection = SqliteFiles.connect(url, 5_000)) {
      return work.on(connection);
    } catch (SQLException failure) {
      throw VigilClientException.of(
          ErrorCode.STORE, "routing cursor store " + url + ": " + failure.getMessage(), failure);
    }
  }
}
