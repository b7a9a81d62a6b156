package io.vigil.testsupport;

import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import java.io.Serial;
import java.util.Iterator;
import java.util.Map;

/**
 * The configuration below a config interceptor under test, read from a map of property values, so
 * the interceptor can be asked what the application would see.
 */
public record MapConfigContext(Map<String, String> values)
    implements ConfigSourceInterceptorContext {

  @Serial private static final long serialVersionUID = 1L;

  public MapConfigContext {
    values = Map.copyOf(values);
  }

  @Override
  public ConfigValue proceed(String name) {
    String value = values.get(name);
    return value == null ? null : ConfigValue.builder().withName(name).withValue(value).build();
  }

  @Override
  public ConfigValue restart(String name) {
    return proceed(name);
  }

  @Override
  public Iterator<String> iterateNames() {
    return values.keySet().iterator();
  }
}
