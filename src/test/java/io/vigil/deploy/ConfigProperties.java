package io.vigil.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration properties the application really reads, derived from the code: every
 * {@code @ConfigMapping} interface compiled under target/classes, the keys of
 * application.properties and the environment placeholders it expands.
 */
final class ConfigProperties {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)(:[^}]*)?}");

  private ConfigProperties() {}

  /** Property names; a "*" stands for any map key. */
  static Set<String> fromCode(Path classes, Path applicationProperties) {
    Set<String> names = new TreeSet<>();
    for (Class<?> type : compiledClasses(classes)) {
      ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
      if (mapping != null) {
        collect(mapping.prefix(), type, names);
      }
    }
    Properties props = applicationProperties(applicationProperties);
    for (String key : props.stringPropertyNames()) {
      if (!key.startsWith("%")) {
        names.add(key);
      }
      Matcher m = PLACEHOLDER.matcher(props.getProperty(key));
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** Every class compiled from src/main/java under io.vigil, loaded without initialising it. */
  static List<Class<?>> compiledClasses(Path classes) {
    List<Class<?>> types = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes.resolve("io/vigil"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String cls = classes.relativize(f).toString().replace('/', '.').replace(".class", "");
        try {
          types.add(Class.forName(cls, false, ConfigProperties.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
          throw new IllegalStateException("cannot load " + cls, e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return types;
  }

  static Properties applicationProperties(Path file) {
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      props.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return props;
  }

  /** SmallRye's mapping from a property name to an environment variable. */
  static String envName(String property) {
    StringBuilder sb = new StringBuilder();
    for (char c : property.toCharArray()) {
      sb.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
    }
    return sb.toString();
  }

  /** Whether the environment variable sets one of the properties. */
  static boolean envSetsAny(String env, Collection<String> properties) {
    for (String p : properties) {
      StringBuilder regex = new StringBuilder();
      String[] parts = p.split("\\*", -1);
      for (int i = 0; i < parts.length; i++) {
        regex.append(i > 0 ? "[A-Z0-9_]+" : "").append(Pattern.quote(envName(parts[i])));
      }
      if (env.matches(regex.toString())) {
        return true;
      }
    }
    return false;
  }

  private static void collect(String prefix, Class<?> type, Set<String> out) {
    for (Method m : type.getMethods()) {
      if (m.isDefault()
          || Modifier.isStatic(m.getModifiers())
          || m.getParameterCount() > 0
          || m.getDeclaringClass() == Object.class) {
        continue;
      }
      String name =
          m.isAnnotationPresent(WithParentName.class)
              ? prefix
              : prefix
                  + "."
                  + (m.isAnnotationPresent(WithName.class)
                      ? m.getAnnotation(WithName.class).value()
                      : kebab(m.getName()));
      Type t = m.getGenericReturnType();
      if (raw(t) == Optional.class) {
        t = arg(t, 0);
      }
      if (raw(t) == Map.class) {
        Type value = arg(t, 1);
        if (isGroup(raw(value))) {
          collect(name + ".*", raw(value), out);
        } else {
          out.add(name + ".*");
        }
      } else if (isGroup(raw(t))) {
        collect(name, raw(t), out);
      } else {
        out.add(name);
      }
    }
  }

  private static boolean isGroup(Class<?> c) {
    return c.isInterface() && c.getName().startsWith("io.vigil.");
  }

  private static Class<?> raw(Type t) {
    return t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
  }

  private static Type arg(Type t, int i) {
    return ((ParameterizedType) t).getActualTypeArguments()[i];
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
  }
}
