package io.vigil.watcher;

import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.ProcessSettings;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A private world for process tests: its own anvil (so snapshots, reverts and mining control touch
 * nobody else), its own hub, database and Kafka topics, and Vigil processes started against them.
 */
final class VigilStack implements AutoCloseable {

  final Anvil anvil;
  final HubFixture driver;
  final String database;
  final String jdbcUrl;
  final String topics;
  private final long startBlock;

  VigilStack() {
    anvil = Anvil.start(List.of());
    driver = HubFixture.deploy(anvil);
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    database = "wt_" + id;
    jdbcUrl = TestInfrastructure.get().postgres().createDatabase(database);
    topics = "wt-" + id;
    startBlock = blockNumber();
  }

  /** Configuration of a process running {@code roles} in this stack. */
  Map<String, String> config(String roles) {
    return ProcessSettings.roles(roles)
        .shared(jdbcUrl)
        .chain(anvil.rpcUrl(), driver.hub().hex(), startBlock)
        .watchtower(Delegating.HUNTER, Anvil.DEV_KEYS.get(8))
        .quickLoops()
        .topics(topics)
        .map();
  }

  VigilProcess start(String name, String roles) {
    return VigilProcess.start(name, config(roles));
  }

  /** A process running {@code roles} in this stack, with some settings of its own. */
  VigilProcess startWith(String name, String roles, Map<String, String> settings) {
    Map<String, String> config = config(roles);
    config.putAll(settings);
    return VigilProcess.start(name, config);
  }

  long blockNumber() {
    String answer = anvil.rpc("eth_blockNumber", "[]");
    return Long.parseLong(answer.replaceAll(".*\"result\":\"0x([0-9a-fA-F]+)\".*", "$1"), 16);
  }

  String blockHash(long number) {
    String answer =
        anvil.rpc("eth_getBlockByNumber", "[\"0x" + Long.toHexString(number) + "\", false]");
    return answer.replaceAll(".*\"hash\":\"(0x[0-9a-fA-F]{64})\".*", "$1");
  }

  long blockTime(long number) {
    String answer =
        anvil.rpc("eth_getBlockByNumber", "[\"0x" + Long.toHexString(number) + "\", false]");
    return Long.parseLong(answer.replaceAll(".*\"timestamp\":\"0x([0-9a-fA-F]+)\".*", "$1"), 16);
  }

  /** One number from this stack's database. */
  long queryLong(String sql, Object... parameters) {
    try (Connection connection = connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        return result.next() ? result.getLong(1) : -1;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The follower's cursor: number and 0x hash, or null before the first block. */
  String[] cursor() {
    try (Connection connection = connect();
        PreparedStatement statement =
            connection.prepareStatement("select number, hash from chain_cursor");
        ResultSet result = statement.executeQuery()) {
      if (!result.next()) {
        return null;
      }
      return new String[] {
        String.valueOf(result.getLong(1)), org.web3j.utils.Numeric.toHexString(result.getBytes(2))
      };
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private Connection connect() throws SQLException {
    var postgres = TestInfrastructure.get().postgres();
    return DriverManager.getConnection(jdbcUrl, postgres.user(), postgres.password());
  }

  @Override
  public void close() {
    driver.close();
    anvil.close();
  }
}
