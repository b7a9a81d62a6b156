package io.vigil.router.landmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testsupport.Ports;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * The seed's example split over two Vigil processes (router role only, each with its own database):
 * Alice and Bob on one, Charlie on the other, talking over HTTP. The tables must be the ones a
 * single server builds, also when the second server starts only after the first has queued messages
 * for it. Each server signs its messages with its node key and pins the other's: the first is given
 * the second's key (it is not up yet), the second fetches the first's.
 */
class LandmarkTwoServersIT {

  private final List<VigilProcess> processes = new ArrayList<>();

  private VigilProcess startRouter(String name, int port, ECKeyPair key) {
    TestInfrastructure infrastructure = TestInfrastructure.get();
    String database =
        infrastructure
            .postgres()
            .createDatabase(
                "landmark_" + name + "_" + UUID.randomUUID().toString().substring(0, 8));
    Map<String, String> config = new HashMap<>(infrastructure.vigilConfig());
    config.put("quarkus.datasource.jdbc.url", database);
    config.put("vigil.roles", "router");
    config.put("vigil.landmark.window", "1h");
    // the other server listens on loopback
    config.put("vigil.outbound.allow", "127.0.0.1/32");
    config.put("quarkus.http.port", String.valueOf(port));
    config.put(
        "vigil.router.node-key", Numeric.toHexStringWithPrefixZeroPadded(key.getPrivateKey(), 64));
    VigilProcess process = VigilProcess.start("landmark-" + name, config);
    processes.add(process);
    return process;
  }

  @AfterEach
  void stop() {
    processes.forEach(VigilProcess::close);
  }

  @Test
  void shouldBuildTheSameTablesWhenUsersAreSplitOverTwoServers() {
    int secondPort = Ports.free();
    String secondUrl = "http://127.0.0.1:" + secondPort;
    ECKeyPair firstKey = ECKeyPair.create(Numeric.toBigInt("0x" + "f1".repeat(32)));
    ECKeyPair secondKey = ECKeyPair.create(Numeric.toBigInt("0x" + "f2".repeat(32)));
    String firstAddress = "0x" + Keys.getAddress(firstKey.getPublicKey());
    String secondAddress = "0x" + Keys.getAddress(secondKey.getPublicKey());
    VigilProcess first = startRouter("first", Ports.free(), firstKey);
    LandmarkApi one = new LandmarkApi(first.baseUrl());
    one.addUser("Alice");
    one.addUser("Bob");
    for (SeedExample.Line line : SeedExample.LINES) {
      if (!line.user().equals("Charlie")) {
        // Charlie's server is not up: its key is given rather than fetched
        if (line.contact().equals("Charlie")) {
          one.addTrustline(line, secondUrl, secondAddress);
        } else {
          one.addTrustline(line, null);
        }
      }
    }
    // Charlie's server is not up yet: what Alice and Bob send it waits in the outbox.
    one.endWindow();
    one.endWindow();
    assertThat(one.queuedMessages()).isPositive();

    VigilProcess second = startRouter("second", secondPort, secondKey);
    LandmarkApi two = new LandmarkApi(second.baseUrl());
    assertThat(two.serverAddress()).isEqualTo(secondAddress);
    two.addUser("Charlie");
    for (SeedExample.Line line : SeedExample.LINES) {
      if (line.user().equals("Charlie")) {
        // the first server is up: its key is fetched and pinned on first use
        two.addTrustline(line, first.baseUrl());
      }
    }
    assertThat(two.contact("Charlie", "Alice")).containsEntry("serverKey", firstAddress);
    assertThat(two.contact("Charlie", "Bob")).containsEntry("serverKey", firstAddress);

    int rounds = 0;
    while (true) {
      rounds++;
      assertThat(rounds).as("rounds until both servers are quiet").isLessThanOrEqualTo(10);
      int sent = one.endWindow() + two.endWindow();
      if (sent == 0
          && one.pendingUsers() == 0
          && two.pendingUsers() == 0
          && one.queuedMessages() == 0
          && two.queuedMessages() == 0) {
        break;
      }
    }

    List<SeedExample.Row> rows = new ArrayList<>();
    rows.addAll(one.routes("Alice"));
    rows.addAll(one.routes("Bob"));
    rows.addAll(two.routes("Charlie"));
    assertThat(rows).containsExactlyInAnyOrderElementsOf(SeedExample.ROWS);
  }
}
