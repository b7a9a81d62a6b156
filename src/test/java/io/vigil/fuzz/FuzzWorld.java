package io.vigil.fuzz;

import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.ProcessSettings;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * The system under fuzzing: one Vigil process running every role against its own anvil, hub,
 * PostgreSQL database and Kafka topics, and read access to that database for table checksums.
 */
final class FuzzWorld implements AutoCloseable {

  /** The hunter the watcher's info names (anvil development account 8, the relay's hot key). */
  static final String HUNTER = "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f";

  final Anvil anvil;
  final HubFixture hub;
  final VigilProcess vigil;

  /** The prefix of this world's private topic names, e.g. {@code fz-<id>.channel-events}. */
  final String topics;

  final String jdbcUrl;
  private Connection connection;
  private String checksumSql;

  private FuzzWorld(
      Anvil anvil, HubFixture hub, String jdbcUrl, VigilProcess vigil, String topics) {
    this.anvil = anvil;
    this.hub = hub;
    this.jdbcUrl = jdbcUrl;
    this.vigil = vigil;
    this.topics = topics;
  }

  static FuzzWorld start() {
    return start(topics -> Map.of());
  }

  /**
   * A world whose process also gets the properties {@code extra} gives for its topic prefix; they
   * win over the defaults.
   */
  static FuzzWorld start(Function<String, Map<String, String>> extra) {
    Anvil anvil = Anvil.start(List.of());
    HubFixture hub = HubFixture.deploy(anvil);
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String jdbcUrl = TestInfrastructure.get().postgres().createDatabase("fz_" + id);
    Map<String, String> config = config(anvil, hub, jdbcUrl, "fz-" + id);
    config.putAll(extra.apply("fz-" + id));
    VigilProcess vigil = VigilProcess.start("fuzz", config);
    return new FuzzWorld(anvil, hub, jdbcUrl, vigil, "fz-" + id);
  }

  private static Map<String, String> config(
      Anvil anvil, HubFixture hub, String jdbcUrl, String topics) {
    return ProcessSettings.roles("all")
        .shared(jdbcUrl)
        .chain(anvil.rpcUrl(), hub.hub().hex())
        .set("vigil.chain.monitor.poll-interval", "200ms")
        .watchtower(HUNTER, Anvil.DEV_KEYS.get(8))
        // With a post key, state posts are judged (422 and friends) instead of answered 503.
        .set("vigil.relay.post-keys", Anvil.DEV_KEYS.get(9))
        .set("vigil.relay.confirmations", "1")
        // The scheduled landmark window would empty landmark_pending between the checksums of a
        // batch; windows are ended by the fuzzed POST /v1/landmark/windows instead.
        .set("vigil.landmark.window", "1h")
        .topics(topics)
        .map();
  }

  /**
   * Row count and an md5 of every row's text, in order, for each table of the public schema: one
   * statement, so the figures of all tables come from one snapshot.
   */
  Map<String, String> checksums() {
    try (Statement statement = connection().createStatement()) {
      if (checksumSql == null) {
        checksumSql = checksumSql(statement);
      }
      Map<String, String> sums = new TreeMap<>();
      try (ResultSet rows = statement.executeQuery(checksumSql)) {
        while (rows.next()) {
          sums.put(rows.getString(1), rows.getString(2));
        }
      }
      return sums;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the tables of " + jdbcUrl, e);
    }
  }

  /**
   * Every stored login (address, nonce, expiry) and when it expires: compared as a set, because
   * Vigil deletes expired logins in the background while new ones must come only from accepted
   * requests.
   */
  Map<String, java.time.Instant> logins() {
    try (Statement statement = connection().createStatement();
        ResultSet rows =
            statement.executeQuery("select address, nonce, expires_at from auth_login")) {
      Map<String, java.time.Instant> logins = new TreeMap<>();
      while (rows.next()) {
        java.time.Instant expires = rows.getTimestamp(3).toInstant();
        logins.put(rows.getString(1) + "|" + rows.getString(2) + "|" + expires, expires);
      }
      return logins;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the logins of " + jdbcUrl, e);
    }
  }

  private void closeConnection() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException ignored) {
      // the database goes with the test run; nothing to keep
    }
  }

  /** The one statement that checksums every table (the tables exist once Flyway ran). */
  private static String checksumSql(Statement statement) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (ResultSet rows =
        statement.executeQuery(
            "select table_name from information_schema.tables where table_schema = 'public'"
                + " and table_type = 'BASE TABLE' order by table_name")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    StringBuilder sql = new StringBuilder();
    for (String table : tables) {
      if (!sql.isEmpty()) {
        sql.append(" union all ");
      }
      sql.append("select '")
          .append(table)
          .append("', count(*) || ':' || md5(coalesce(string_agg(t::text, '|' order by t::text),")
          .append(" '')) from \"")
          .append(table)
          .append("\" t");
    }
    return sql.toString();
  }

  /** One connection for every checksum, in autocommit: each statement sees the latest commit. */
  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      var postgres = TestInfrastructure.get().postgres();
      connection = DriverManager.getConnection(jdbcUrl, postgres.user(), postgres.password());
    }
    return connection;
  }

  /** Whether /q/health/ready on the management port answers UP. */
  boolean ready() {
    var answer = vigil.getManagement("/q/health/ready");
    return answer.statusCode() == 200 && answer.body().contains("\"UP\"");
  }

  @Override
  public void close() {
    try {
      closeConnection();
      vigil.close();
    } finally {
      try {
        hub.close();
      } finally {
        anvil.close();
      }
    }
  }
}
