package io.vigil.client.tower;

import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Two independent watchtowers on one chain: one anvil and one hub, and per tower its own database,
 * Kafka topics, receipt key, hunter and relay hot key, each a real Vigil process (chain, watcher
 * and relay roles). A tower can be stopped and started again on the same port and database, so it
 * keeps its receipt key and what it held.
 */
final class TowerPair implements AutoCloseable {

  /** Receipt keys, relay hot keys (which are also the hunters) of tower 1 and tower 2. */
  static final List<String> RECEIPT_KEYS = List.of(Anvil.DEV_KEYS.get(6), Anvil.DEV_KEYS.get(7));

  static final List<String> HOT_KEYS = List.of(Anvil.DEV_KEYS.get(8), Anvil.DEV_KEYS.get(9));

  final Anvil anvil;
  final HubFixture driver;
  private final long startBlock;
  private final Map<String, String>[] configs;
  private final VigilProcess[] towers = new VigilProcess[2];
  private final int[] restarts = new int[2];

  @SuppressWarnings("unchecked")
  TowerPair() {
    anvil = Anvil.start(List.of());
    driver = HubFixture.deploy(anvil);
    startBlock = blockNumber();
    configs = new Map[] {config(0), config(1)};
  }

  private Map<String, String> config(int tower) {
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    var postgres = TestInfrastructure.get().postgres();
    String jdbcUrl = postgres.createDatabase("tp" + tower + "_" + id);
    String topics = "tp" + tower + "-" + id;
    Map<String, String> config = new HashMap<>();
    config.put("vigil.roles", "chain,watcher,relay");
    config.put("quarkus.datasource.jdbc.url", jdbcUrl);
    config.put("quarkus.datasource.username", postgres.user());
    config.put("quarkus.datasource.password", postgres.password());
    config.put("kafka.bootstrap.servers", TestInfrastructure.get().kafka().bootstrapServers());
    config.put("vigil.chain.rpc-urls", anvil.rpcUrl());
    config.put("vigil.chain.chain-id", String.valueOf(Anvil.CHAIN_ID));
    config.put("vigil.chain.hub-address", driver.hub().hex());
    config.put("vigil.chain.monitor.start-block", String.valueOf(startBlock));
    config.put("vigil.chain.monitor.confirmations", "0");
    config.put("vigil.chain.monitor.poll-interval", "100ms");
    config.put("vigil.chain.monitor.lease-retry", "200ms");
    config.put("vigil.watcher.hunter-address", HubFixture.address(HOT_KEYS.get(tower)));
    config.put("vigil.watcher.receipt-key", RECEIPT_KEYS.get(tower));
    config.put("vigil.watcher.deadline-poll-interval", "200ms");
    config.put("vigil.watcher.outbox-interval", "500ms");
    config.put("vigil.watcher.head-cache-time", "50ms");
    config.put("vigil.relay.hot-keys", HOT_KEYS.get(tower));
    config.put("vigil.relay.confirmations", "1");
    config.put("vigil.relay.track-interval", "100ms");
    config.put("vigil.relay.lease-interval", "200ms");
    String events = topics + ".channel-events";
    String requests = topics + ".tx-requests";
    String outcomes = topics + ".tx-outcomes";
    config.put("mp.messaging.outgoing.chain-channel-events-out.topic", events);
    config.put("mp.messaging.incoming.watcher-channel-events.topic", events);
    config.put("mp.messaging.incoming.watcher-channel-events.group.id", topics + "-watcher");
    config.put("mp.messaging.outgoing.watcher-tx-requests-out.topic", requests);
    config.put("mp.messaging.incoming.relay-tx-requests.topic", requests);
    config.put("mp.messaging.incoming.relay-tx-requests.group.id", topics + "-relay");
    config.put("mp.messaging.outgoing.relay-tx-outcomes.topic", outcomes);
    config.put("mp.messaging.incoming.watcher-tx-outcomes.topic", outcomes);
    config.put("mp.messaging.incoming.watcher-tx-outcomes.group.id", topics + "-watcher");
    return config;
  }

  /** Starts tower {@code index} (0 or 1); a restart keeps its port and database. */
  VigilProcess start(int index) {
    VigilProcess started =
        VigilProcess.start("tower" + (index + 1) + "-" + restarts[index]++, configs[index]);
    configs[index].put("quarkus.http.port", String.valueOf(started.port()));
    towers[index] = started;
    return started;
  }

  void stop(int index) {
    if (towers[index] != null) {
      towers[index].close();
      towers[index] = null;
    }
  }

  String url(int index) {
    return "http://127.0.0.1:" + configs[index].get("quarkus.http.port");
  }

  /** Waits until tower {@code index}'s chain follower has passed the chain's current head. */
  void awaitFollowed(int index) {
    long head = blockNumber();
    String jdbcUrl = configs[index].get("quarkus.datasource.jdbc.url");
    var postgres = TestInfrastructure.get().postgres();
    Await.until(
        "tower " + (index + 1) + " to follow block " + head,
        Duration.ofSeconds(60),
        () -> {
          try (Connection c =
                  DriverManager.getConnection(jdbcUrl, postgres.user(), postgres.password());
              Statement s = c.createStatement();
              ResultSet r = s.executeQuery("select number from chain_cursor")) {
            return r.next() && r.getLong(1) >= head;
          } catch (SQLException notYet) {
            return false;
          }
        });
  }

  long blockNumber() {
    String answer = anvil.rpc("eth_blockNumber", "[]");
    return Long.parseLong(answer.replaceAll(".*\"result\":\"0x([0-9a-fA-F]+)\".*", "$1"), 16);
  }

  @Override
  public void close() {
    stop(0);
    stop(1);
    driver.close();
    anvil.close();
  }
}
