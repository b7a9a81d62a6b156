package io.vigil.client.relay;

import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The client's durable record of what it handed to relays (table {@code relay_submission} in the
 * kit's SQLite file): request id, hash, sender, nonce, the relays that accepted, and the last
 * status seen, so a wallet can follow its submissions after a restart. One row per request id;
 * recording the same request again updates it.
 */
public final class RelayJournal {

  /** One journal row. */
  public record Entry(
      String requestId,
      String txHash,
      String kind,
      String sender,
      Long nonce,
      List<String> relays,
      String status,
      String reason,
      Instant submittedAt,
      Instant updatedAt) {

    public Entry {
      relays = List.copyOf(relays);
    }
  }

  private final String jdbcUrl;

  private RelayJournal(String jdbcUrl) {
    this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    migrate();
  }

  /** A journal in the SQLite file at {@code database} (created when missing). */
  public static RelayJournal open(Path database) {
    return new RelayJournal("jdbc:sqlite:" + database.toAbsolutePath());
  }

  /** A journal at a JDBC URL (a SQLite URL in practice). */
  public static RelayJournal open(String jdbcUrl) {
    return new RelayJournal(jdbcUrl);
  }

  /** Records a submission the relays accepted, or refreshes the row of the same request. */
  public void submitted(
      String requestId,
      String txHash,
      String kind,
      String sender,
      Long nonce,
      List<String> relays,
      String status,
      Instant at) {
    run(
        """
        insert into relay_submission
          (request_id, tx_hash, kind, sender, nonce, relays, status, submitted_at, updated_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?)
        on conflict (request_id) do update set
          tx_hash = coalesce(excluded.tx_hash, tx_hash), relays = excluded.relays,
          status = excluded.status, updated_at = excluded.updated_at
        """,
        requestId,
        txHash,
        kind,
        sender,
        nonce,
        String.join(" ", relays),
        status,
        at.toEpochMilli(),
        at.toEpochMilli());
  }

  /** Records the latest status a relay reported of a request the journal holds. */
  public void updated(RelayStatus status, Instant at) {
    run(
        "update relay_submission set status = ?, reason = ?, tx_hash = coalesce(?, tx_hash),"
            + " updated_at = ? where request_id = ?",
        status.status().name(),
        status.reason(),
        status.txHash(),
        at.toEpochMilli(),
        status.requestId());
  }

  public Optional<Entry> find(String requestIdOrHash) {
    List<Entry> found =
        query(
            "select * from relay_submission where request_id = ? or tx_hash = ? limit 1",
            requestIdOrHash,
            requestIdOrHash);
    return found.stream().findFirst();
  }

  /** The latest {@code limit} submissions, newest first. */
  public List<Entry> recent(int limit) {
    return query("select * from relay_submission order by submitted_at desc limit ?", limit);
  }

  private void migrate() {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          """
          create table if not exists relay_submission (
            request_id text primary key,
            tx_hash text,
            kind text not null,
            sender text,
            nonce integer,
            relays text not null,
            status text not null,
            reason text,
            submitted_at integer not null,
            updated_at integer not null)
          """);
      statement.execute(
          "create index if not exists relay_submission_by_hash on relay_submission (tx_hash)");
    } catch (SQLException broken) {
      throw store("cannot prepare the relay journal", broken);
    }
  }

  private void run(String sql, Object... parameters) {
    try (Connection connection = connect();
        PreparedStatement statement = prepare(connection, sql, parameters)) {
      statement.executeUpdate();
    } catch (SQLException broken) {
      throw store("cannot write the relay journal", broken);
    }
  }

  private List<Entry> query(String sql, Object... parameters) {
    try (Connection connection = connect();
        PreparedStatement statement = prepare(connection, sql, parameters);
        ResultSet rows = statement.executeQuery()) {
      List<Entry> entries = new ArrayList<>();
      while (rows.next()) {
        String relays = rows.getString("relays");
        long nonce = rows.getLong("nonce");
        entries.add(
            new Entry(
                rows.getString("request_id"),
                rows.getString("tx_hash"),
                rows.getString("kind"),
                rows.getString("sender"),
                rows.wasNull() ? null : nonce,
                relays.isBlank() ? List.of() : List.of(relays.split(" ")),
                rows.getString("status"),
                rows.getString("reason"),
                Instant.ofEpochMilli(rows.getLong("submitted_at")),
                Instant.ofEpochMilli(rows.getLong("updated_at"))));
      }
      return entries;
    } catch (SQLException broken) {
      throw store("cannot read the relay journal", broken);
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
    return statement;
  }

  private Connection connect() throws SQLException {
    Connection connection = DriverManager.getConnection(jdbcUrl);
    try (Statement statement = connection.createStatement()) {
      // Other parts of the kit share the file: wait for their writes instead of failing.
      statement.execute("pragma busy_timeout = 5000");
    } catch (SQLException refused) {
      connection.close();
      throw refused;
    }
    return connection;
  }

  private static VigilClientException store(String what, SQLException cause) {
    return VigilClientException.of(ErrorCode.STORE, what + ": " + cause.getMessage(), cause);
  }
}
