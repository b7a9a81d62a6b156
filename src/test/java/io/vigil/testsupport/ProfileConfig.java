package io.vigil.testsupport;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** Builds a test profile's configuration as its parent profile's plus properties of its own. */
public final class ProfileConfig {

  private ProfileConfig() {}

  /**
   * {@code base} with the properties in {@code properties} (application.properties syntax) added or
   * replacing base's.
   */
  public static Map<String, String> extend(Map<String, String> base, String properties) {
    Properties parsed = new Properties();
    try {
      parsed.load(new StringReader(properties));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> config = new HashMap<>(base);
    parsed.stringPropertyNames().forEach(name -> config.put(name, parsed.getProperty(name)));
    return config;
  }
}
