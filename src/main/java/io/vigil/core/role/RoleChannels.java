package io.vigil.core.role;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import jakarta.annotation.Priority;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Disables the Kafka consumers of roles this process does not run. An incoming channel belongs to a
 * role when its name starts with the role id and a dash ({@code watcher-channel-events}); for such
 * a channel, {@code mp.messaging.incoming.<channel>.enabled} answers {@code false} unless the role
 * is active or the property is set explicitly.
 */
@Priority(RoleChannels.PRIORITY)
public class RoleChannels implements ConfigSourceInterceptor {

  static final int PRIORITY = 500;
  private static final String PREFIX = "mp.messaging.incoming.";
  private static final String SUFFIX = ".enabled";

  @Override
  public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
    ConfigValue value = context.proceed(name);
    if (value != null || !name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
      return value;
    }
    String channel = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
    Optional<Role> owner = owner(channel);
    if (owner.isEmpty()) {
      return null;
    }
    ConfigValue configured = context.proceed("vigil.roles");
    String list = configured == null ? Role.ALL : configured.getValue();
    Set<Role> active;
    try {
      active = Role.parse(Arrays.asList(list.split(",")));
    } catch (IllegalArgumentException invalid) {
      // Reported with the property name by StartupCheck; keep consumers off meanwhile.
      active = Set.of();
    }
    if (active.contains(owner.get())) {
      return null;
    }
    return ConfigValue.builder().withName(name).withValue("false").build();
  }

  /** The role owning a channel, from its name's first dash-separated word. */
  public static Optional<Role> owner(String channel) {
    int dash = channel.indexOf('-');
    return dash < 0 ? Optional.empty() : Role.fromId(channel.substring(0, dash));
  }
}
