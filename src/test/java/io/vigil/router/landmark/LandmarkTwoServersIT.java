package io.vigil.router.landmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's example split over two Vigil processes (router role only, each with its own database):
 * Alice and Bob on one, Charlie on the other, talking over HTTP. The tables must be the ones a
 * single server builds.
 */
class LandmarkTwoServersIT {

  private final List<VigilProcess> processes = new ArrayList<>();

  private VigilProcess startRouter(String name) {
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
    VigilProcess first = startRouter("first");
    VigilProcess second = startRouter("second");
    LandmarkApi one = new LandmarkApi(first.baseUrl());
    LandmarkApi two = new LandmarkApi(second.baseUrl());
    one.addUser("Alice");
    one.addUser("Bob");
    two.addUser("Charlie");
    for (SeedExample.Line line : SeedExample.LINES) {
      boolean userOnFirst = !line.user().equals("Charlie");
      boolean contactOnFirst = !line.contact().equals("Charlie");
      LandmarkApi home = userOnFirst ? one : two;
      String server =
          userOnFirst == contactOnFirst
              ? null
              : (contactOnFirst ? first.baseUrl() : second.baseUrl());
      home.addTrustline(line, server);
    }

    int rounds = 0;
    while (true) {
      rounds++;
      assertThat(rounds).as("rounds until both servers are quiet").isLessThanOrEqualTo(10);
      int sent = one.endWindow() + two.endWindow();
      if (sent == 0 && one.pendingUsers() == 0 && two.pendingUsers() == 0) {
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
