package io.vigil.deploy;

import io.smallrye.config.ConfigValue;
import io.vigil.core.role.Role;
import io.vigil.core.role.RoleChannels;
import io.vigil.deploy.AppConfig.KafkaChannel;
import io.vigil.deploy.StrictModel.AclRule;
import io.vigil.deploy.StrictModel.KafkaUser;
import io.vigil.testsupport.MapConfigContext;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the process of one role does on Kafka, and so the ACL grants its KafkaUser needs: the topics
 * it writes and reads, the consumer groups it joins, the topics it describes, and whether its
 * readiness asks the broker for its nodes ({@code checksBroker}).
 *
 * <p>A process opens the channels that {@link RoleChannels} leaves enabled for its role: its own
 * incoming channels (each with its group and, under the dead-letter-queue failure strategy, a
 * producer for the dead-letter topic) and its own outgoing ones. The Kafka connector's topic
 * verification ({@code health-readiness-topic-verification}) describes the topic of each of them.
 * The Kafka connection health check runs when quarkus.kafka.health.enabled is set at build time and
 * RoleChannels leaves its runtime switch on, which it does only for a role with a channel.
 */
record KafkaAccess(
    Set<String> writes,
    Set<String> reads,
    Set<String> groups,
    Set<String> describes,
    boolean checksBroker) {

  /** One allowed operation on one resource, with Strimzi's defaults written out. */
  record Grant(String resource, String name, String patternType, String operation, String host) {

    static Grant literal(String resource, String name, String operation) {
      return new Grant(resource, name, "literal", operation, "*");
    }

    @Override
    public String toString() {
      String pattern = patternType.equals("literal") ? "" : " (" + patternType + ")";
      String from = host.equals("*") ? "" : " from " + host;
      return operation + " on " + resource + " " + name + pattern + from;
    }
  }

  /** The access of {@code role}'s process, given the application's channels and properties. */
  static KafkaAccess of(Role role, List<KafkaChannel> channels, AppConfig app) {
    Set<String> writes = new HashSet<>();
    Set<String> reads = new HashSet<>();
    Set<String> groups = new HashSet<>();
    Set<String> describes = new HashSet<>();
    for (KafkaChannel channel : channels) {
      if (!opens(role, channel, app)) {
        continue;
      }
      if (channel.incoming()) {
        if (channel.group() == null) {
          throw new IllegalStateException(
              "incoming channel " + channel.name() + " sets no group.id, which its ACL must name");
        }
        reads.add(channel.topic());
        groups.add(channel.group());
        if (channel.deadLetterTopic() != null) {
          writes.add(channel.deadLetterTopic());
        }
      } else {
        if (!RoleChannels.owner(channel.name()).equals(Optional.of(role))) {
          throw new IllegalStateException(
              role.id() + " opens " + channel.name() + ", an outgoing channel of another role");
        }
        writes.add(channel.topic());
      }
    }
    describes.addAll(writes);
    describes.addAll(reads);
    boolean checksBroker =
        Boolean.parseBoolean(app.get("quarkus.kafka.health.enabled"))
            && Boolean.parseBoolean(
                new RoleChannels()
                    .getValue(oneRole(role, app), RoleChannels.KAFKA_HEALTH)
                    .getValue());
    return new KafkaAccess(
        Set.copyOf(writes),
        Set.copyOf(reads),
        Set.copyOf(groups),
        Set.copyOf(describes),
        checksBroker);
  }

  /** Whether the process connects to Kafka at all: to open channels or to check the broker. */
  boolean connects() {
    return !describes.isEmpty() || checksBroker;
  }

  /** Write, Read and Describe on the topics, Read on the groups: nothing else. */
  Set<Grant> grants() {
    Set<Grant> grants = new HashSet<>();
    writes.forEach(t -> grants.add(Grant.literal("topic", t, "Write")));
    reads.forEach(t -> grants.add(Grant.literal("topic", t, "Read")));
    describes.forEach(t -> grants.add(Grant.literal("topic", t, "Describe")));
    groups.forEach(g -> grants.add(Grant.literal("group", g, "Read")));
    return Set.copyOf(grants);
  }

  /**
   * What a KafkaUser's ACLs allow, one grant per operation and resource. A deny rule cannot be
   * expressed as a grant and is refused: the users are meant to hold allow rules only.
   */
  static Set<Grant> granted(KafkaUser user) {
    Set<Grant> grants = new HashSet<>();
    if (user.spec().authorization() == null || user.spec().authorization().acls() == null) {
      return Set.of();
    }
    for (AclRule rule : user.spec().authorization().acls()) {
      if (rule.type() != null && !rule.type().equals("allow")) {
        throw new IllegalArgumentException(
            user.metadata().getName() + ": a " + rule.type() + " rule on " + rule.resource());
      }
      for (String operation : rule.operations()) {
        grants.add(
            new Grant(
                rule.resource().type(),
                rule.resource().name(),
                rule.resource().patternType() == null ? "literal" : rule.resource().patternType(),
                operation,
                rule.host() == null ? "*" : rule.host()));
      }
    }
    return Set.copyOf(grants);
  }

  /** Whether a process of {@code role} opens the channel, as RoleChannels decides it. */
  private static boolean opens(Role role, KafkaChannel channel, AppConfig app) {
    String property =
        "mp.messaging."
            + (channel.incoming() ? "incoming." : "outgoing.")
            + channel.name()
            + ".enabled";
    ConfigValue enabled = new RoleChannels().getValue(oneRole(role, app), property);
    return enabled == null || Boolean.parseBoolean(enabled.getValue());
  }

  /**
   * Configuration as a process of one role sees it: its vigil.roles over application.properties.
   */
  private static MapConfigContext oneRole(Role role, AppConfig app) {
    Map<String, String> values = new HashMap<>();
    app.keys().forEach(key -> values.put(key, app.get(key)));
    values.put("vigil.roles", role.id());
    return new MapConfigContext(values);
  }
}
