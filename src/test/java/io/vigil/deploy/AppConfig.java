package io.vigil.deploy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vigil.testsupport.ConfigProperties;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * What the application really reads, derived from the code: configuration properties (the
 * {@code @ConfigMapping} interfaces, the keys of application.properties and the environment
 * placeholders it expands) and the Kafka topics its incoming channels consume.
 */
final class AppConfig {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)(:[^}]*)?}");
  private static final Pattern INCOMING_TOPIC =
      Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.topic");

  private final Properties properties;

  AppConfig(Path applicationProperties) {
    this.properties = new Properties();
    try (Reader r = Files.newBufferedReader(applicationProperties)) {
      properties.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A key of application.properties (without profile), or null. */
  String get(String key) {
    return properties.getProperty(key);
  }

  Set<String> keys() {
    return properties.stringPropertyNames();
  }

  /** Property names the application reads; "*" stands for a map key. */
  Set<String> propertyNames() {
    Set<String> names = new TreeSet<>(ConfigProperties.declared().keySet());
    for (String key : properties.stringPropertyNames()) {
      if (!key.startsWith("%")) {
        names.add(key);
      }
      Matcher m = PLACEHOLDER.matcher(properties.getProperty(key));
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /**
   * Incoming channel -> topic: the channels configured in application.properties (without profile)
   * and those of every {@code @Incoming} method in the main code, whose topic is the channel's
   * {@code topic} property or, as SmallRye does without one, the channel name.
   */
  Map<String, String> incomingChannels() {
    Map<String, String> channels = new HashMap<>();
    for (String key : properties.stringPropertyNames()) {
      Matcher m = INCOMING_TOPIC.matcher(key);
      if (m.matches()) {
        channels.put(m.group(1), properties.getProperty(key));
      }
    }
    for (JavaClass type :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.vigil")) {
      for (JavaMethod method : type.getMethods()) {
        if (method.isAnnotatedWith(Incoming.class)) {
          String channel = method.getAnnotationOfType(Incoming.class).value();
          channels.putIfAbsent(
              channel,
              properties.getProperty("mp.messaging.incoming." + channel + ".topic", channel));
        }
      }
    }
    return channels;
  }

  /** Whether the environment variable sets one of the properties (SmallRye's mapping). */
  static boolean envSetsAny(String env, Collection<String> propertyNames) {
    for (String p : propertyNames) {
      StringBuilder regex = new StringBuilder();
      String[] parts = p.split("\\*", -1);
      for (int i = 0; i < parts.length; i++) {
        regex
            .append(i > 0 ? "[A-Z0-9_]+" : "")
            .append(Pattern.quote(ConfigProperties.environmentVariable(parts[i])));
      }
      if (env.matches(regex.toString())) {
        return true;
      }
    }
    return false;
  }
}
