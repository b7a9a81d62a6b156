package io.vigil.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.messaging.TransactionRequest;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The relay as separate processes on a private chain and database: an abrupt stop with pending
 * transactions, and two replicas sending for the same account.
 */
class RelayProcessesIT {

  static final String HOT_KEY = Anvil.DEV_KEYS.get(9);
  static final String HOT = RelayTestChain.address(HOT_KEY).toLowerCase();
  static final String KEY_A = Anvil.DEV_KEYS.get(5);
  static final String KEY_B = Anvil.DEV_KEYS.get(6);

  /** A private chain, database and Kafka topics for one scenario. */
  static final class Scenario implements AutoCloseable {
    final String name = "relay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    final Anvil anvil = Anvil.start(List.of());
    final RelayTestChain chain = new RelayTestChain(anvil);
    final String hub = chain.deployHub();
    final String jdbcUrl = TestInfrastructure.get().postgres().createDatabase(name);
    final String requests = "vigil.tx-requests." + name;
    final String outcomes = "vigil.tx-outcomes." + name;
    final RelayKafka kafka =
        new RelayKafka(TestInfrastructure.get().kafka().bootstrapServers(), requests, outcomes);

    Map<String, String> config() {
      Map<String, String> config = new HashMap<>(TestInfrastructure.get().vigilConfig());
      config.put("quarkus.datasource.jdbc.url", jdbcUrl);
      config.put("vigil.chain.rpc-urls", anvil.rpcUrl());
      config.put("vigil.chain.hub-address", hub);
      config.put("vigil.roles", "relay");
      config.put("vigil.relay.hot-keys", HOT_KEY);
      config.put("vigil.relay.confirmations", "1");
      config.put("vigil.relay.track-interval", "100ms");
      config.put("vigil.relay.lease-interval", "200ms");
      config.put("mp.messaging.incoming.relay-tx-requests.topic", requests);
      config.put("mp.messaging.incoming.relay-tx-requests.group.id", name);
      config.put("mp.messaging.outgoing.relay-tx-outcomes.topic", outcomes);
      return config;
    }

    /**
     * Disputes of {@code count} fresh stale closes, one channel each so that every one lands
     * whatever order they are mined in. Needs automine on.
     */
    List<TransactionRequest> disputes(String prefix, int count) {
      List<TransactionRequest> disputes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        disputes.add(
            chain
                .staleClose(KEY_A, KEY_B, hub, RelayTestChain.ETHER.divide(BigInteger.TEN))
                .dispute(prefix + ":" + i, HOT, RelayTestChain.ETHER));
      }
      return disputes;
    }

    List<String> publish(List<TransactionRequest> requests) {
      requests.forEach(kafka::publish);
      return requests.stream().map(TransactionRequest::requestId).toList();
    }

    <T> T query(String sql, SqlReader<T> reader) {
      try (Connection connection =
              DriverManager.getConnection(
                  jdbcUrl,
                  TestInfrastructure.get().postgres().user(),
                  TestInfrastructure.get().postgres().password());
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(sql)) {
        return reader.read(rows);
      } catch (SQLException e) {
        throw new IllegalStateException(sql, e);
      }
    }

    long count(String sql) {
      return query(
          sql,
          rows -> {
            rows.next();
            return rows.getLong(1);
          });
    }

    /** Mines a block at a time until {@code confirmed} transactions are confirmed. */
    void mineUntilConfirmed(String what, long confirmed) {
      Await.until(
          what,
          Duration.ofSeconds(90),
          () -> {
            anvil.mine(1);
            return count("select count(*) from relay_tx where status = 'CONFIRMED'") == confirmed;
          });
    }

    @Override
    public void close() {
      kafka.close();
      anvil.close();
    }
  }

  interface SqlReader<T> {
    T read(ResultSet rows) throws SQLException;
  }

  /** Nonces of the confirmed requests of HOT, in order. */
  static List<Long> confirmedNonces(Scenario scenario) {
    return scenario.query(
        "select nonce from relay_tx where sender = '"
            + HOT
            + "' and status = 'CONFIRMED' order by nonce",
        rows -> {
          List<Long> nonces = new ArrayList<>();
          while (rows.next()) {
            nonces.add(rows.getLong(1));
          }
          return nonces;
        });
  }

  static List<Long> range(long from, int count) {
    List<Long> range = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      range.add(from + i);
    }
    return range;
  }

  @Test
  void shouldLeaveNoGapAndNoDuplicateWhenStoppedAbruptlyWithTenPending() {
    try (Scenario scenario = new Scenario()) {
      List<TransactionRequest> disputes = scenario.disputes("crash", 10);
      long first = scenario.chain.nonce(HOT);
      scenario.anvil.setAutomine(false);
      VigilProcess relay = VigilProcess.start("relay-crash-1", scenario.config());
      List<String> ids;
      try {
        ids = scenario.publish(disputes);
        Await.until(
            "some of the ten to be sent",
            Duration.ofSeconds(60),
            () -> scenario.count("select count(*) from relay_tx where sends > 0") >= 3);
        relay.crash();
      } finally {
        relay.close();
      }
      long pendingAtCrash =
          scenario.count("select count(*) from relay_tx where status <> 'CONFIRMED'");
      assertThat(pendingAtCrash).isEqualTo(10);

      try (VigilProcess restarted = VigilProcess.start("relay-crash-2", scenario.config())) {
        scenario.anvil.setAutomine(true);
        scenario.mineUntilConfirmed("all ten to be confirmed after the restart", 10);
      }

      assertThat(confirmedNonces(scenario)).isEqualTo(range(first, 10));
      assertThat(scenario.chain.nonce(HOT)).isEqualTo(first + 10);
      assertThat(scenario.count("select count(distinct request_id) from relay_tx")).isEqualTo(10);
      assertThat(ids).hasSize(10);
    }
  }

  @Test
  void shouldNeverLetTwoReplicasSendForTheSameAccountAtOnce() {
    try (Scenario scenario = new Scenario()) {
      List<TransactionRequest> firstTwenty = scenario.disputes("replicas-a", 20);
      List<TransactionRequest> nextTwenty = scenario.disputes("replicas-b", 20);
      long first = scenario.chain.nonce(HOT);
      VigilProcess one = VigilProcess.launch("relay-replica-1", scenario.config());
      VigilProcess two = VigilProcess.launch("relay-replica-2", scenario.config());
      try {
        one.awaitReady(VigilProcess.STARTUP);
        two.awaitReady(VigilProcess.STARTUP);
        scenario.publish(firstTwenty);
        scenario.mineUntilConfirmed("the first twenty to be confirmed", 20);
        String owner =
            scenario.query(
                "select instance from relay_send_log order by id limit 1",
                rows -> {
                  rows.next();
                  return rows.getString(1);
                });
        VigilProcess active = owner.endsWith("/" + one.pid()) ? one : two;
        active.crash();

        scenario.publish(nextTwenty);
        scenario.mineUntilConfirmed("the standby to send the next twenty", 40);
      } finally {
        one.close();
        two.close();
      }

      record Send(String instance, Timestamp started, Timestamp finished) {}
      List<Send> sends =
          scenario.query(
              "select instance, started_at, finished_at from relay_send_log order by started_at",
              rows -> {
                List<Send> all = new ArrayList<>();
                while (rows.next()) {
                  all.add(new Send(rows.getString(1), rows.getTimestamp(2), rows.getTimestamp(3)));
                }
                return all;
              });
      assertThat(sends.stream().map(Send::instance).distinct()).hasSize(2);
      for (int i = 1; i < sends.size(); i++) {
        Send before = sends.get(i - 1);
        Send after = sends.get(i);
        if (!before.instance().equals(after.instance())) {
          assertThat(after.started()).isAfterOrEqualTo(before.finished());
        }
      }
      // Each replica's sends form one block: the account changed hands once, never back and forth.
      long handovers = 0;
      for (int i = 1; i < sends.size(); i++) {
        if (!sends.get(i).instance().equals(sends.get(i - 1).instance())) {
          handovers++;
        }
      }
      assertThat(handovers).isEqualTo(1);
      assertThat(confirmedNonces(scenario)).isEqualTo(range(first, 40));
      assertThat(scenario.chain.nonce(HOT)).isEqualTo(first + 40);
    }
  }
}
