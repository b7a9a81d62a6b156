package io.vigil.core.role;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import jakarta.annotation.Priority;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Switches off the Kafka parts of the roles this process does not run: their channels, and the
 * Kafka connection health check when no role of the process has a channel.
 *
 * <p>A channel, incoming (consumer) or outgoing (producer), belongs to the role its name starts
 * with, followed by a dash: {@code watcher-channel-events}, {@code chain-channel-events-out}. For
 * such a channel, {@code mp.messaging.incoming.<channel>.enabled} or {@code
 * mp.messaging.outgoing.<channel>.enabled} answers {@code false} unless the role is active or the
 * property is set explicitly. A channel whose name starts with no role is left alone.
 *
 * <p>{@code quarkus.kafka.health.enabled} is fixed at build time and adds a readiness check that
 * asks the broker for its nodes, whether or not the process uses Kafka. Its runtime switch {@link
 * #KAFKA_HEALTH} answers {@code false} unless a channel of an active role is enabled, so a process
 * that opens no channel (the router alone) neither connects to Kafka nor waits for it.
 */
@Priority(RoleChannels.PRIORITY)
public class RoleChannels implements ConfigSourceInterceptor {

  static final int PRIORITY = 500;

  /** The runtime switch of the Kafka connection health check of quarkus-kafka-client. */
  public static final String KAFKA_HEALTH =
      "quarkus.smallrye-health.check.\"io.quarkus.kafka.client.health.KafkaHealthCheck\".enabled";

  private static final String INCOMING = "mp.messaging.incoming.";
  private static final String OUTGOING = "mp.messaging.outgoing.";
  private static final String ENABLED = ".enabled";
  private static final String CONNECTOR = ".connector";

  @Override
  public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
    ConfigValue value = context.proceed(name);
    if (value != null) {
      return value;
    }
    if (name.equals(KAFKA_HEALTH)) {
      return answer(name, opensOwnedChannel(context));
    }
    Optional<String> channel = channel(name, ENABLED);
    if (channel.isEmpty()) {
      return null;
    }
    Optional<Role> owner = owner(channel.get());
    if (owner.isEmpty() || active(context).contains(owner.get())) {
      return null;
    }
    return answer(name, false);
  }

  /**
   * The names below, plus {@link #KAFKA_HEALTH}: Quarkus finds the health checks' switches by their
   * names, so the switch must be listed to be read.
   */
  @Override
  public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
    Set<String> names = new LinkedHashSet<>();
    context.iterateNames().forEachRemaining(names::add);
    names.add(KAFKA_HEALTH);
    return names.iterator();
  }

  /** The role owning a channel, from its name's first dash-separated word. */
  public static Optional<Role> owner(String channel) {
    int dash = channel.indexOf('-');
    return dash < 0 ? Optional.empty() : Role.fromId(channel.substring(0, dash));
  }

  /**
   * Whether an enabled channel belongs to an active role. Profile-specific channels ({@code
   * %test.…}) are not counted: they are no production role's.
   */
  private static boolean opensOwnedChannel(ConfigSourceInterceptorContext context) {
    Set<Role> active = active(context);
    for (Iterator<String> names = context.iterateNames(); names.hasNext(); ) {
      String name = names.next();
      Optional<String> channel = channel(name, CONNECTOR);
      Optional<Role> owner = channel.flatMap(RoleChannels::owner);
      if (owner.isEmpty()) {
        continue;
      }
      String enabledName = name.substring(0, name.length() - CONNECTOR.length()) + ENABLED;
      ConfigValue explicit = context.proceed(enabledName);
      boolean enabled =
          explicit == null
              ? active.contains(owner.get())
              : Boolean.parseBoolean(explicit.getValue());
      if (enabled) {
        return true;
      }
    }
    return false;
  }

  /**
   * The channel whose own setting {@code mp.messaging.(incoming|outgoing).<channel><suffix>} is.
   */
  private static Optional<String> channel(String name, String suffix) {
    for (String prefix : new String[] {INCOMING, OUTGOING}) {
      if (name.startsWith(prefix)
          && name.endsWith(suffix)
          && name.length() > prefix.length() + suffix.length()) {
        String channel = name.substring(prefix.length(), name.length() - suffix.length());
        // a dot means a nested setting (dead-letter-queue.…), not the channel's own
        return channel.contains(".") ? Optional.empty() : Optional.of(channel);
      }
    }
    return Optional.empty();
  }

  private static Set<Role> active(ConfigSourceInterceptorContext context) {
    ConfigValue configured = context.proceed("vigil.roles");
    String list = configured == null ? Role.ALL : configured.getValue();
    try {
      return Role.parse(Arrays.asList(list.split(",")));
    } catch (IllegalArgumentException invalid) {
      // Reported with the property name by StartupCheck; keep Kafka off meanwhile.
      return Set.of();
    }
  }

  private static ConfigValue answer(String name, boolean value) {
    return ConfigValue.builder().withName(name).withValue(String.valueOf(value)).build();
  }
}
