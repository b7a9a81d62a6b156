package io.vigil.deploy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vigil.testsupport.ConfigProperties;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

/**
 * What the application really reads, derived from the code: configuration properties (the
 * {@code @ConfigMapping} interfaces, the keys of application.properties, the environment
 * placeholders it expands and the Kafka client settings passed through) and its Kafka channels.
 */
final class AppConfig {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)(:[^}]*)?}");
  private static final Pattern INCOMING_TOPIC =
      Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.topic");
  private static final Pattern OUTGOING_CONNECTOR =
      Pattern.compile("mp\\.messaging\\.outgoing\\.([^.]+)\\.connector");
  private static final Set<String> EMITTERS =
      Set.of(Emitter.class.getName(), MutinyEmitter.class.getName());

  /**
   * A Kafka channel of the application. {@code group} and {@code deadLetterTopic} are those of an
   * incoming channel (null when it has none, and always for an outgoing one).
   */
  record KafkaChannel(
      String name, boolean incoming, String topic, String group, String deadLetterTopic) {}

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
    names.addAll(kafkaClientProperties());
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
    for (JavaClass type : mainClasses()) {
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

  /**
   * {@code kafka.<setting>} for every setting of Kafka's producer, consumer and admin client.
   * Quarkus hands each {@code kafka.*} property to every Kafka client it creates (reading an
   * environment variable {@code KAFKA_<SETTING>} as lower case with "_" turned into "."), so these
   * are real properties even though no file names them. Unknown settings are not: a misspelt one
   * would only earn a warning from the client.
   */
  static Set<String> kafkaClientProperties() {
    Set<String> names = new TreeSet<>();
    for (Set<String> settings :
        List.of(
            ProducerConfig.configNames(),
            ConsumerConfig.configNames(),
            AdminClientConfig.configNames())) {
      settings.forEach(setting -> names.add("kafka." + setting));
    }
    return names;
  }

  /**
   * Every Kafka channel: the incoming ones of {@link #incomingChannels()} with their group and,
   * under the dead-letter-queue failure strategy, their dead-letter topic (SmallRye's default name
   * when none is set); the outgoing ones configured in application.properties or fed by an emitter
   * or an {@code @Outgoing} method in the main code, whose topic defaults to the channel name.
   * Profile-specific keys (%test and the like) are not production's and are left out.
   */
  List<KafkaChannel> kafkaChannels() {
    List<KafkaChannel> channels = new ArrayList<>();
    incomingChannels()
        .forEach(
            (name, topic) -> {
              String prefix = "mp.messaging.incoming." + name + ".";
              String deadLetters = null;
              if ("dead-letter-queue".equals(properties.getProperty(prefix + "failure-strategy"))) {
                deadLetters =
                    properties.getProperty(
                        prefix + "dead-letter-queue.topic", "dead-letter-topic-" + name);
              }
              channels.add(
                  new KafkaChannel(
                      name, true, topic, properties.getProperty(prefix + "group.id"), deadLetters));
            });
    Set<String> outgoing = new TreeSet<>();
    for (String key : properties.stringPropertyNames()) {
      Matcher m = OUTGOING_CONNECTOR.matcher(key);
      if (m.matches()) {
        outgoing.add(m.group(1));
      }
    }
    for (JavaClass type : mainClasses()) {
      for (JavaMethod method : type.getMethods()) {
        if (method.isAnnotatedWith(Outgoing.class)) {
          outgoing.add(method.getAnnotationOfType(Outgoing.class).value());
        }
      }
      for (JavaField field : type.getFields()) {
        if (field.isAnnotatedWith(Channel.class)
            && EMITTERS.contains(field.getRawType().getName())) {
          outgoing.add(field.getAnnotationOfType(Channel.class).value());
        }
      }
      for (JavaCodeUnit unit : type.getCodeUnits()) {
        for (JavaParameter parameter : unit.getParameters()) {
          if (parameter.isAnnotatedWith(Channel.class)
              && EMITTERS.contains(parameter.getRawType().getName())) {
            outgoing.add(parameter.getAnnotationOfType(Channel.class).value());
          }
        }
      }
    }
    for (String name : outgoing) {
      channels.add(
          new KafkaChannel(
              name,
              false,
              properties.getProperty("mp.messaging.outgoing." + name + ".topic", name),
              null,
              null));
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

  private static JavaClasses mainClasses() {
    return MainClasses.ALL;
  }

  /** The main code, imported once: importing it takes seconds. */
  private static final class MainClasses {
    static final JavaClasses ALL =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.vigil");
  }
}
