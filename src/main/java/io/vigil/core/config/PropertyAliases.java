package io.vigil.core.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import jakarta.annotation.Priority;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Keeps deprecated property names working: when a property is only at its default, a value set
 * under its old name is used instead, with a warning naming the new one.
 */
@Priority(PropertyAliases.PRIORITY)
public class PropertyAliases implements ConfigSourceInterceptor {

  static final int PRIORITY = 600;
  private static final Logger LOG = Logger.getLogger(PropertyAliases.class);

  /** New name to deprecated name. */
  static final Map<String, String> DEPRECATED =
      Map.of("vigil.chain.max-log-range", "vigil.chain.monitor.max-log-range");

  @Override
  public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
    ConfigValue value = context.proceed(name);
    String old = DEPRECATED.get(name);
    if (old == null || (value != null && !isDefault(value))) {
      return value;
    }
    ConfigValue aliased = context.proceed(old);
    if (aliased == null || aliased.getValue() == null) {
      return value;
    }
    LOG.warnf("%s is deprecated; set %s instead", old, name);
    return aliased.withName(name);
  }

  /** Defaults come from sources with negative ordinals; every configured source is above 0. */
  private static boolean isDefault(ConfigValue value) {
    return value.getConfigSourceOrdinal() < 0;
  }
}
