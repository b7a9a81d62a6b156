package io.vigil.reliability;

import io.vigil.core.channel.ChannelId;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.ProcessSettings;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import io.vigil.watcher.Delegating;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The world of a soak run: one Vigil process running every role against its own anvil and hub, its
 * own database on the shared PostgreSQL and its own topics on the shared Kafka broker, with the
 * channels the load delegates states of already open on the hub.
 */
final class SoakStack implements AutoCloseable {

  /** Connections of the process's pool: the production cap, open from the start. */
  static final int POOL = 20;

  /** Party A of every delegated channel. */
  static final String KEY_A = Anvil.DEV_KEYS.get(1);

  /** Party B of the delegated channels, in turn: the hunter authorization is B's. */
  static final List<String> KEYS_B =
      List.of(Anvil.DEV_KEYS.get(2), Anvil.DEV_KEYS.get(3), Anvil.DEV_KEYS.get(4));

  /** The client whose raw transactions the relay carries: deposits into a channel of its own. */
  static final String RELAY_CLIENT_KEY = Anvil.DEV_KEYS.get(5);

  static final String RELAY_PARTNER_KEY = Anvil.DEV_KEYS.get(6);

  /** The routing server's identity: originations are signed for its address. */
  static final String NODE_KEY = "0x" + "5a".repeat(32);

  final Anvil anvil;
  final HubFixture hub;
  final String database;
  final String jdbcUrl;
  final List<ChannelId> delegated;
  final ChannelId relayChannel;
  final VigilProcess vigil;

  private SoakStack(
      Anvil anvil,
      HubFixture hub,
      String database,
      String jdbcUrl,
      List<ChannelId> delegated,
      ChannelId relayChannel,
      VigilProcess vigil) {
    this.anvil = anvil;
    this.hub = hub;
    this.database = database;
    this.jdbcUrl = jdbcUrl;
    this.delegated = delegated;
    this.relayChannel = relayChannel;
    this.vigil = vigil;
  }

  /** Opens {@code channels} delegated channels and a relay client's one, then starts Vigil. */
  static SoakStack start(int channels) {
    Anvil anvil = Anvil.start(List.of());
    HubFixture hub = null;
    try {
      hub = HubFixture.deploy(anvil);
      long startBlock = blockNumber(anvil);
      List<ChannelId> delegated = new ArrayList<>();
      for (int i = 0; i < channels; i++) {
        delegated.add(
            hub.open(
                KEY_A, keyB(i), HubFixture.ETHER, HubFixture.ETHER, 3_600, BigInteger.TEN.pow(17)));
      }
      ChannelId relayChannel =
          hub.open(
              RELAY_CLIENT_KEY,
              RELAY_PARTNER_KEY,
              HubFixture.ETHER,
              BigInteger.ZERO,
              3_600,
              BigInteger.ZERO);
      String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
      String database = "soak_" + id;
      String jdbcUrl = TestInfrastructure.get().postgres().createDatabase(database);
      VigilProcess vigil =
          VigilProcess.start("soak", config(anvil, hub, jdbcUrl, "soak-" + id, startBlock));
      SoakStack stack =
          new SoakStack(anvil, hub, database, jdbcUrl, delegated, relayChannel, vigil);
      try {
        Await.until(
            "the watcher to learn the " + (channels + 1) + " channels",
            Duration.ofSeconds(120),
            () -> stack.queryLong("select count(*) from watcher_channel") == channels + 1);
      } catch (RuntimeException | Error e) {
        stack.close();
        throw e;
      }
      return stack;
    } catch (RuntimeException | Error e) {
      if (hub != null) {
        hub.close();
      }
      anvil.close();
      throw e;
    }
  }

  /** Party B of delegated channel {@code index}. */
  static String keyB(int index) {
    return KEYS_B.get(index % KEYS_B.size());
  }

  private static Map<String, String> config(
      Anvil anvil, HubFixture hub, String jdbcUrl, String topics, long startBlock) {
    return ProcessSettings.roles("all")
        .shared(jdbcUrl)
        // The pool opens every connection it may use at the start and keeps them open, so its
        // size does not follow the highest concurrency seen so far: a connection count that grows
        // is then one opened outside the pool, and a connection the pool lends and never gets
        // back soon exhausts it, which fails the run with 503 answers.
        .set("quarkus.datasource.jdbc.max-size", POOL)
        .set("quarkus.datasource.jdbc.min-size", POOL)
        .set("quarkus.datasource.jdbc.initial-size", POOL)
        .set("quarkus.log.level", "WARN")
        .chain(anvil.rpcUrl(), hub.hub().hex(), startBlock)
        .set("vigil.chain.monitor.poll-interval", "200ms")
        .watchtower(Delegating.HUNTER, Anvil.DEV_KEYS.get(8))
        .set("vigil.watcher.rate-per-second", "1000")
        .set("vigil.watcher.rate-burst", "1000")
        .set("vigil.relay.confirmations", "1")
        .set("vigil.relay.track-interval", "200ms")
        .set("vigil.router.node-key", NODE_KEY)
        .set("vigil.router.origination-rate-per-client", "1000")
        .set("vigil.router.origination-burst-per-client", "1000")
        // Short retention windows, so that the routing store reaches its steady size within the
        // run: what is kept for a window by design is not a leak, and a 10-minute run would
        // otherwise measure the first 10 minutes of a 1-hour window filling up.
        .set("vigil.router.entry-expiry", "1m")
        .set("vigil.router.bundle-retention", "2m")
        .topics(topics)
        .map();
  }

  static long blockNumber(Anvil anvil) {
    String answer = anvil.rpc("eth_blockNumber", "[]");
    return Long.parseLong(answer.replaceAll(".*\"result\":\"0x([0-9a-fA-F]+)\".*", "$1"), 16);
  }

  /** One number from this run's database; the connection is the test's own, not Vigil's. */
  long queryLong(String sql) {
    var postgres = TestInfrastructure.get().postgres();
    try (Connection connection =
            DriverManager.getConnection(jdbcUrl, postgres.user(), postgres.password());
        PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet result = statement.executeQuery()) {
      return result.next() ? result.getLong(1) : -1;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  public void close() {
    try {
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
