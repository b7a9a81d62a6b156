package io.vigil.core.role;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Ports;
import io.vigil.testsupport.PostgresServer;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Kafka by role, in packaged processes: a router-only process opens no Kafka channel and has no
 * Kafka readiness check, so it is ready and serves its API with no broker at all; a watcher-only
 * process opens its own producer and consumers, no other role's, and its readiness asks the broker.
 */
class RoleChannelsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KAFKA_CHECK = "Kafka connection health check";
  private static final String MESSAGING_CHECK = "SmallRye Reactive Messaging - readiness check";
  private static final List<String> WATCHER_CHANNELS =
      List.of("watcher-channel-events", "watcher-tx-outcomes", "watcher-tx-requests-out");
  private static final List<String> OTHER_CHANNELS =
      List.of("chain-channel-events-out", "relay-tx-requests", "relay-tx-outcomes");

  @Test
  void shouldBeReadyAndServeTheApiWithoutKafkaWhenOnlyTheRouterRuns() throws Exception {
    int closed = Ports.free(); // nothing listens there
    Map<String, String> config = database("router_no_kafka_");
    config.put("vigil.roles", "router");
    config.put("kafka.bootstrap.servers", "127.0.0.1:" + closed);
    config.put("vigil.landmark.window", "1h");

    try (VigilProcess router = VigilProcess.start("router-no-kafka", config)) {
      HttpResponse<String> ready = router.getManagement("/q/health/ready");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      JsonNode health = JSON.readTree(ready.body());
      assertThat(health.path("status").asText()).isEqualTo("UP");
      assertThat(checkNames(health)).doesNotContain(KAFKA_CHECK);
      assertThat(ready.body().toLowerCase(Locale.ROOT)).doesNotContain("kafka");
      assertThat(ready.body())
          .doesNotContain(WATCHER_CHANNELS.toArray(String[]::new))
          .doesNotContain(OTHER_CHANNELS.toArray(String[]::new));
      assertThat(check(health, "chain-rpc").path("data").path("needed").asBoolean(true)).isFalse();

      HttpResponse<String> ping = router.get("/v1/routing/ping");
      assertThat(ping.statusCode()).isEqualTo(200);
      assertThat(ping.body()).isEqualTo("pong");
      assertThat(router.output())
          .as("no Kafka client tried the broker's address")
          .doesNotContain("127.0.0.1:" + closed);
    }
  }

  @Test
  void shouldOpenOnlyItsOwnChannelsAndCheckKafkaWhenOnlyTheWatcherRuns() throws Exception {
    Map<String, String> config = database("watcher_channels_");
    TestInfrastructure infrastructure = TestInfrastructure.get();
    config.put("kafka.bootstrap.servers", infrastructure.kafka().bootstrapServers());
    config.put("vigil.chain.rpc-urls", infrastructure.anvil().rpcUrl());
    config.put("vigil.chain.chain-id", String.valueOf(Anvil.CHAIN_ID));
    config.put("vigil.roles", "watcher");
    // anvil's public development account 8 and key 7, never used for value
    config.put("vigil.watcher.hunter-address", "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f");
    config.put("vigil.watcher.receipt-key", Anvil.DEV_KEYS.get(7));
    String topics = "rc-" + suffix();
    config.put("mp.messaging.incoming.watcher-channel-events.topic", topics + ".channel-events");
    config.put("mp.messaging.incoming.watcher-channel-events.group.id", topics + "-watcher");
    config.put("mp.messaging.incoming.watcher-tx-outcomes.topic", topics + ".tx-outcomes");
    config.put("mp.messaging.incoming.watcher-tx-outcomes.group.id", topics + "-watcher");
    config.put("mp.messaging.outgoing.watcher-tx-requests-out.topic", topics + ".tx-requests");

    try (VigilProcess watcher = VigilProcess.start("watcher-channels", config)) {
      JsonNode health = JSON.readTree(watcher.getManagement("/q/health/ready").body());
      assertThat(health.path("status").asText()).isEqualTo("UP");
      assertThat(check(health, KAFKA_CHECK).path("status").asText()).isEqualTo("UP");
      JsonNode channels = check(health, MESSAGING_CHECK).path("data");
      List<String> opened = iterable(channels.fieldNames());
      assertThat(opened).containsExactlyInAnyOrderElementsOf(WATCHER_CHANNELS);
    }
  }

  private static Map<String, String> database(String prefix) {
    PostgresServer postgres = TestInfrastructure.get().postgres();
    Map<String, String> config = new HashMap<>();
    config.put("quarkus.datasource.jdbc.url", postgres.createDatabase(prefix + suffix()));
    config.put("quarkus.datasource.username", postgres.user());
    config.put("quarkus.datasource.password", postgres.password());
    return config;
  }

  private static String suffix() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  private static List<String> checkNames(JsonNode health) {
    return iterable(health.path("checks").elements()).stream()
        .map(c -> c.path("name").asText())
        .toList();
  }

  private static JsonNode check(JsonNode health, String name) {
    for (JsonNode check : health.path("checks")) {
      if (check.path("name").asText().equals(name)) {
        return check;
      }
    }
    throw new AssertionError("no readiness check " + name + " in " + health);
  }

  private static <T> List<T> iterable(Iterator<T> items) {
    List<T> list = new ArrayList<>();
    items.forEachRemaining(list::add);
    return list;
  }
}
