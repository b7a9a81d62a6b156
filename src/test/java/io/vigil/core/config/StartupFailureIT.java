package io.vigil.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testsupport.Ports;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Bad configuration stops the packaged application with one line naming the property. */
class StartupFailureIT {

  private static String failWith(String name, Consumer<Map<String, String>> change) {
    Map<String, String> config = new HashMap<>(TestInfrastructure.get().vigilConfig());
    change.accept(config);
    try (VigilProcess vigil = VigilProcess.launch(name, config)) {
      int exit = vigil.awaitExit(Duration.ofSeconds(60));
      assertThat(exit).isNotZero();
      String output = vigil.output();
      assertThat(output).doesNotContain("\tat ");
      return output
          .lines()
          .filter(line -> line.startsWith("vigil: cannot start: "))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no start-up refusal line in:\n" + output));
    }
  }

  @Test
  void shouldNameRolesWhenRoleIsUnknown() {
    String line = failWith("bad-role", config -> config.put("vigil.roles", "router,watchman"));
    assertThat(line).contains("vigil.roles").contains("'watchman'");
  }

  @Test
  void shouldNameDatasourceWhenDatabaseIsUnreachable() {
    int closedPort = Ports.free();
    String line =
        failWith(
            "bad-db",
            config ->
                config.put(
                    "quarkus.datasource.jdbc.url",
                    "jdbc:postgresql://127.0.0.1:" + closedPort + "/vigil"));
    assertThat(line).contains("quarkus.datasource.jdbc.url").contains(String.valueOf(closedPort));
  }

  @Test
  void shouldNameRpcUrlsWhenChainEndpointIsMissing() {
    String line = failWith("no-rpc", config -> config.put("vigil.chain.rpc-urls", ""));
    assertThat(line).contains("vigil.chain.rpc-urls");
  }

  @Test
  void shouldNameTheOutboundAllowListWhenAnEntryIsUnreadable() {
    String line =
        failWith(
            "bad-allow", config -> config.put("vigil.outbound.allow", "127.0.0.0/8,10.0.0.0/33"));
    assertThat(line).contains("vigil.outbound.allow").contains("'10.0.0.0/33'");
  }
}
