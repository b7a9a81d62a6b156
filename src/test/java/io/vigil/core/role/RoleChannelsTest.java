package io.vigil.core.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigValue;
import io.vigil.testsupport.MapConfigContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoleChannelsTest {

  private static final Map<String, String> CHANNELS =
      Map.of(
          "mp.messaging.incoming.watcher-channel-events.connector", "smallrye-kafka",
          "mp.messaging.outgoing.watcher-tx-requests-out.connector", "smallrye-kafka",
          "mp.messaging.incoming.relay-tx-requests.connector", "smallrye-kafka",
          "mp.messaging.outgoing.relay-tx-outcomes.connector", "smallrye-kafka",
          "mp.messaging.outgoing.chain-channel-events-out.connector", "smallrye-kafka",
          "%test.mp.messaging.incoming.router-probe.connector", "smallrye-kafka",
          "%test.mp.messaging.outgoing.probe-out.connector", "smallrye-kafka");

  @Test
  void shouldDisableIncomingAndOutgoingChannelsWhenTheirRoleIsOff() {
    Config watcher = Config.roles("watcher");

    assertThat(watcher.get("mp.messaging.incoming.watcher-channel-events.enabled")).isNull();
    assertThat(watcher.get("mp.messaging.outgoing.watcher-tx-requests-out.enabled")).isNull();
    assertThat(watcher.get("mp.messaging.incoming.relay-tx-requests.enabled")).isEqualTo("false");
    assertThat(watcher.get("mp.messaging.outgoing.relay-tx-outcomes.enabled")).isEqualTo("false");
    assertThat(watcher.get("mp.messaging.outgoing.chain-channel-events-out.enabled"))
        .isEqualTo("false");
  }

  @Test
  void shouldLeaveEveryChannelOnWhenAllRolesRun() {
    Config all = Config.roles("all");

    assertThat(all.get("mp.messaging.outgoing.relay-tx-outcomes.enabled")).isNull();
    assertThat(all.get("mp.messaging.outgoing.chain-channel-events-out.enabled")).isNull();
    assertThat(all.get("mp.messaging.incoming.relay-tx-requests.enabled")).isNull();
    assertThat(all.get(RoleChannels.KAFKA_HEALTH)).isEqualTo("true");
  }

  @Test
  void shouldKeepAnExplicitSettingAndChannelsOfNoRoleWhenTheRoleIsOff() {
    Config router =
        Config.roles("router").with("mp.messaging.outgoing.relay-tx-outcomes.enabled", "true");

    assertThat(router.get("mp.messaging.outgoing.relay-tx-outcomes.enabled")).isEqualTo("true");
    assertThat(router.get("mp.messaging.outgoing.probe-out.enabled")).isNull();
    assertThat(router.get("mp.messaging.incoming.events.enabled")).isNull();
    // a nested setting of a channel is not the channel's switch
    assertThat(router.get("mp.messaging.incoming.relay-tx-requests.dead-letter-queue.enabled"))
        .isNull();
  }

  @Test
  void shouldSwitchTheKafkaHealthCheckOffWhenNoActiveRoleHasAChannel() {
    assertThat(Config.roles("router").get(RoleChannels.KAFKA_HEALTH)).isEqualTo("false");
    assertThat(Config.roles("watcher").get(RoleChannels.KAFKA_HEALTH)).isEqualTo("true");
    assertThat(Config.roles("chain").get(RoleChannels.KAFKA_HEALTH)).isEqualTo("true");
    assertThat(Config.roles("relay,router").get(RoleChannels.KAFKA_HEALTH)).isEqualTo("true");
    assertThat(
            Config.roles("router")
                .with("mp.messaging.outgoing.relay-tx-outcomes.enabled", "true")
                .get(RoleChannels.KAFKA_HEALTH))
        .isEqualTo("true");
    assertThat(
            Config.roles("watcher")
                .with("mp.messaging.incoming.watcher-channel-events.enabled", "false")
                .with("mp.messaging.outgoing.watcher-tx-requests-out.enabled", "false")
                .get(RoleChannels.KAFKA_HEALTH))
        .isEqualTo("false");
    assertThat(
            Config.roles("watcher")
                .with(RoleChannels.KAFKA_HEALTH, "false")
                .get(RoleChannels.KAFKA_HEALTH))
        .isEqualTo("false");
  }

  @Test
  void shouldListTheKafkaHealthSwitchAmongTheNamesWhenIterated() {
    Config router = Config.roles("router");
    List<String> names = new ArrayList<>();
    new RoleChannels().iterateNames(router.context()).forEachRemaining(names::add);

    assertThat(names).contains(RoleChannels.KAFKA_HEALTH).containsAll(CHANNELS.keySet());
  }

  @Test
  void shouldKeepKafkaOffWhenTheRoleListIsInvalid() {
    Config invalid = Config.roles("watchman");

    assertThat(invalid.get("mp.messaging.outgoing.watcher-tx-requests-out.enabled"))
        .isEqualTo("false");
    assertThat(invalid.get(RoleChannels.KAFKA_HEALTH)).isEqualTo("false");
  }

  /** The configuration below the interceptor: the channels above plus a role list. */
  private record Config(Map<String, String> values) {

    static Config roles(String roles) {
      Map<String, String> values = new HashMap<>(CHANNELS);
      values.put("vigil.roles", roles);
      return new Config(values);
    }

    Config with(String name, String value) {
      Map<String, String> more = new HashMap<>(values);
      more.put(name, value);
      return new Config(more);
    }

    MapConfigContext context() {
      return new MapConfigContext(values);
    }

    /** The value as the application sees it, through RoleChannels. */
    String get(String name) {
      ConfigValue value = new RoleChannels().getValue(context(), name);
      return value == null ? null : value.getValue();
    }
  }
}
