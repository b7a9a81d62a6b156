package io.vigil.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns rendered manifests into typed objects and refuses any field the type does not know: the
 * Kubernetes kinds through fabric8's model, the operators' custom resources through the records
 * below, which spell out only the fields Vigil's manifests may use.
 */
final class StrictModel {

  /** apiVersion + kind -> the type a manifest of that kind must parse into. */
  static final Map<String, Class<?>> TYPES =
      Map.ofEntries(
          Map.entry("v1/ServiceAccount", ServiceAccount.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
          Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
          Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
          Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
          Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class),
          Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class),
          Map.entry("postgresql.cnpg.io/v1/Cluster", PgCluster.class),
          Map.entry("postgresql.cnpg.io/v1/ScheduledBackup", ScheduledBackup.class),
          Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
          Map.entry("monitoring.coreos.com/v1/PodMonitor", PodMonitor.class),
          Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class));

  private static final ObjectMapper MAPPER = strictMapper();

  private StrictModel() {}

  static ObjectMapper strictMapper() {
    ObjectMapper m =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();
    // Kubernetes refuses a number where it expects a string (labels, env values, ConfigMap data).
    m.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return m;
  }

  /** The typed object for one rendered manifest; fails on an unknown kind or field. */
  static Object parse(JsonNode manifest) {
    String key = manifest.path("apiVersion").asText() + "/" + manifest.path("kind").asText();
    Class<?> type = TYPES.get(key);
    if (type == null) {
      throw new IllegalArgumentException("no strict model for " + key);
    }
    Object parsed;
    try {
      parsed = MAPPER.treeToValue(manifest, type);
    } catch (Exception e) {
      throw new IllegalArgumentException(Kustomize.id(manifest) + ": " + e.getMessage(), e);
    }
    rejectAdditionalProperties(parsed, Kustomize.id(manifest), new IdentityHashMap<>());
    return parsed;
  }

  /**
   * fabric8 keeps fields it does not know in an {@code additionalProperties} map instead of
   * failing; any non-empty one anywhere in the tree is an unknown field.
   */
  private static void rejectAdditionalProperties(
      Object o, String path, IdentityHashMap<Object, Boolean> seen) {
    if (o == null
        || o instanceof String
        || o instanceof Number
        || o instanceof Boolean
        || o instanceof Enum<?>
        || seen.put(o, Boolean.TRUE) != null) {
      return;
    }
    if (o instanceof Collection<?> c) {
      int i = 0;
      for (Object e : c) {
        rejectAdditionalProperties(e, path + "[" + i++ + "]", seen);
      }
      return;
    }
    if (o instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        rejectAdditionalProperties(e.getValue(), path + "." + e.getKey(), seen);
      }
      return;
    }
    Class<?> type = o.getClass();
    if (!type.getName().startsWith("io.fabric8.") && !type.getName().startsWith("io.vigil.")) {
      return;
    }
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        f.setAccessible(true);
        Object value;
        try {
          value = f.get(o);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        if (f.getName().equals("additionalProperties")
            && value instanceof Map<?, ?> extra
            && !extra.isEmpty()) {
          throw new IllegalArgumentException(path + ": unknown field(s) " + extra.keySet());
        }
        rejectAdditionalProperties(value, path + "." + f.getName(), seen);
      }
    }
  }

  // ---- Strimzi (kafka.strimzi.io/v1beta2), the fields Vigil uses --------------------------------

  record Kafka(String apiVersion, String kind, ObjectMeta metadata, KafkaSpec spec) {}

  record KafkaSpec(
      KafkaClusterSpec kafka, EntityOperator entityOperator, KafkaExporter kafkaExporter) {}

  record KafkaClusterSpec(
      String version,
      String metadataVersion,
      List<Listener> listeners,
      Authorization authorization,
      Map<String, Object> config) {}

  record Listener(
      String name,
      int port,
      String type,
      boolean tls,
      Authentication authentication,
      List<NetworkPolicyPeer> networkPolicyPeers) {}

  /** How clients prove who they are: {@code scram-sha-512} or {@code tls} (mutual TLS). */
  record Authentication(String type) {}

  record Authorization(String type, List<String> superUsers) {}

  record EntityOperator(Map<String, Object> topicOperator, Map<String, Object> userOperator) {}

  record KafkaExporter(String topicRegex, String groupRegex) {}

  record KafkaNodePool(String apiVersion, String kind, ObjectMeta metadata, NodePoolSpec spec) {}

  record NodePoolSpec(
      int replicas, List<String> roles, Storage storage, ResourceRequirements resources) {}

  record Storage(String type, List<Volume> volumes) {}

  record Volume(
      int id,
      String type,
      String size,
      @JsonProperty("class") String storageClass,
      Boolean deleteClaim,
      String kraftMetadata) {}

  record KafkaTopic(String apiVersion, String kind, ObjectMeta metadata, TopicSpec spec) {}

  record TopicSpec(String topicName, int partitions, int replicas, Map<String, Object> config) {}

  record KafkaUser(String apiVersion, String kind, ObjectMeta metadata, KafkaUserSpec spec) {}

  record KafkaUserSpec(Authentication authentication, UserAuthorization authorization) {}

  record UserAuthorization(String type, List<AclRule> acls) {}

  /**
   * One ACL rule; Strimzi's defaults apply to what is left out: {@code type} allow, {@code host}
   * any, {@code patternType} literal. The deprecated single {@code operation} is not accepted.
   */
  record AclRule(AclResource resource, List<String> operations, String host, String type) {}

  /** A topic, group, cluster or transactional id; {@code name} is absent for the cluster. */
  record AclResource(String type, String name, String patternType) {}

  // ---- CloudNativePG (postgresql.cnpg.io/v1) --------------------------------------------------

  record PgCluster(String apiVersion, String kind, ObjectMeta metadata, PgClusterSpec spec) {}

  record PgClusterSpec(
      int instances,
      String imageName,
      String primaryUpdateStrategy,
      PgParameters postgresql,
      Bootstrap bootstrap,
      PgStorage storage,
      ResourceRequirements resources,
      PgAffinity affinity,
      PgMonitoring monitoring,
      Backup backup) {}

  record PgParameters(Map<String, String> parameters) {}

  record Bootstrap(InitDb initdb) {}

  record InitDb(String database, String owner, SecretName secret) {}

  record SecretName(String name) {}

  record PgStorage(String size, String storageClass) {}

  record PgAffinity(Boolean enablePodAntiAffinity, String topologyKey) {}

  record PgMonitoring(Boolean enablePodMonitor) {}

  record Backup(String retentionPolicy, BarmanObjectStore barmanObjectStore) {}

  record BarmanObjectStore(
      String destinationPath, S3Credentials s3Credentials, Compression wal, Compression data) {}

  record S3Credentials(SecretKey accessKeyId, SecretKey secretAccessKey) {}

  record SecretKey(String name, String key) {}

  record Compression(String compression) {}

  record ScheduledBackup(
      String apiVersion, String kind, ObjectMeta metadata, ScheduledBackupSpec spec) {}

  record ScheduledBackupSpec(
      String schedule, String backupOwnerReference, String method, SecretName cluster) {}

  // ---- Prometheus Operator (monitoring.coreos.com/v1) -----------------------------------------

  record ServiceMonitor(
      String apiVersion, String kind, ObjectMeta metadata, ServiceMonitorSpec spec) {}

  record ServiceMonitorSpec(LabelSelector selector, List<ScrapeEndpoint> endpoints) {}

  record ScrapeEndpoint(String port, String path, String interval) {}

  record PodMonitor(String apiVersion, String kind, ObjectMeta metadata, PodMonitorSpec spec) {}

  record PodMonitorSpec(LabelSelector selector, List<ScrapeEndpoint> podMetricsEndpoints) {}

  record PrometheusRule(
      String apiVersion, String kind, ObjectMeta metadata, PrometheusRuleSpec spec) {}

  record PrometheusRuleSpec(List<RuleGroup> groups) {}

  record RuleGroup(String name, List<Rule> rules) {}

  record Rule(
      String alert,
      String record,
      String expr,
      @JsonProperty("for") String forDuration,
      Map<String, String> labels,
      Map<String, String> annotations) {}
}
