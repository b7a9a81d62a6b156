package io.vigil.testsupport;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface;
import io.smallrye.config.ConfigMappings;
import java.util.Map;
import java.util.TreeMap;

/** Every property that Vigil's own {@code @ConfigMapping} interfaces declare, with its default. */
public final class ConfigProperties {

  private ConfigProperties() {}

  /** Property name (as written in application.properties) to default value ("" when none). */
  public static Map<String, String> declared() {
    Map<String, String> properties = new TreeMap<>();
    for (JavaClass type :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.vigil")) {
      if (!type.isAnnotatedWith(ConfigMapping.class)) {
        continue;
      }
      Class<?> mapping = type.reflect();
      String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
      Map<String, ConfigMappingInterface.Property> found =
          ConfigMappings.getProperties(ConfigMappings.ConfigClass.configClass(mapping, prefix));
      found.forEach(
          (name, property) -> {
            if (name.endsWith("[*]")) {
              return; // indexed form of a list property
            }
            properties.put(
                name,
                property.hasDefaultValue() && property.getDefaultValue() != null
                    ? property.getDefaultValue()
                    : "");
          });
    }
    return properties;
  }

  /** The environment variable that sets a property: upper case, other characters to '_'. */
  public static String environmentVariable(String property) {
    return property.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }
}
