package io.vigil.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testsupport.ConfigProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists every property the code declares, with its environment variable. */
class ConfigurationDocTest {

  @Test
  void shouldDocumentEveryDeclaredProperty() throws Exception {
    String doc = Files.readString(Path.of("docs", "configuration.md"));
    Map<String, String> declared = ConfigProperties.declared();
    assertThat(declared).containsKey("vigil.roles");
    assertThat(declared.keySet())
        .allSatisfy(
            property ->
                assertThat(doc)
                    .as("docs/configuration.md documents %s", property)
                    .contains("`" + property + "`")
                    .contains("`" + ConfigProperties.environmentVariable(property) + "`"));
  }
}
