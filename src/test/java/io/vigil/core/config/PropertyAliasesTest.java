package io.vigil.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deprecated vigil.chain.monitor.max-log-range still sets vigil.chain.max-log-range. */
class PropertyAliasesTest {

  private static final String KEY = "vigil.chain.max-log-range";
  private static final String OLD = "vigil.chain.monitor.max-log-range";

  private static SmallRyeConfig config(Map<String, String> properties) {
    return new SmallRyeConfigBuilder()
        .withInterceptors(new PropertyAliases())
        .withDefaultValue(KEY, "2000")
        .withSources(new PropertiesConfigSource(properties, "test", 250))
        .build();
  }

  @Test
  void shouldUseTheDefaultWhenNeitherNameIsSet() {
    assertThat(config(Map.of()).getValue(KEY, Integer.class)).isEqualTo(2000);
  }

  @Test
  void shouldUseTheDeprecatedNameWhenOnlyItIsSet() {
    assertThat(config(Map.of(OLD, "500")).getValue(KEY, Integer.class)).isEqualTo(500);
  }

  @Test
  void shouldPreferTheNewNameWhenBothAreSet() {
    assertThat(config(Map.of(OLD, "500", KEY, "800")).getValue(KEY, Integer.class)).isEqualTo(800);
  }

  @Test
  void shouldLeaveOtherPropertiesAlone() {
    assertThat(config(Map.of("vigil.other", "x")).getValue("vigil.other", String.class))
        .isEqualTo("x");
  }
}
