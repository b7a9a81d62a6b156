package io.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.vigil.core.messaging.Topics;
import io.vigil.core.net.AddressKind;
import io.vigil.core.net.Cidr;
import io.vigil.core.role.Role;
import io.vigil.core.role.RoleChannels;
import io.vigil.deploy.KafkaAccess.Grant;
import io.vigil.deploy.StrictModel.Kafka;
import io.vigil.deploy.StrictModel.KafkaNodePool;
import io.vigil.deploy.StrictModel.KafkaTopic;
import io.vigil.deploy.StrictModel.KafkaUser;
import io.vigil.deploy.StrictModel.Listener;
import io.vigil.deploy.StrictModel.PgCluster;
import io.vigil.deploy.StrictModel.PrometheusRule;
import io.vigil.deploy.StrictModel.Rule;
import io.vigil.deploy.StrictModel.ScheduledBackup;
import io.vigil.deploy.StrictModel.ServiceMonitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Renders each kustomize overlay under k8s/overlays, parses every manifest into a strict model, and
 * checks that the manifests agree with the application: configuration, topics, ports, health paths,
 * metrics, and that no secret is committed.
 */
class ManifestTest {

  /**
   * Names accepted as if the code already defined them: configuration properties ("property:"),
   * incoming Kafka channels ("channel:name=topic") and metrics ("metric:"). Kept empty: the code is
   * the only source, and a manifest naming something the code lacks fails.
   */
  static final Set<String> AGREED_NOT_YET_ON_MAIN = Set.of();

  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final List<String> ROLES = List.of("chain", "watcher", "relay", "router");
  private static final Set<String> API_ROLES = Set.of("watcher", "relay", "router");
  private static final String HTTP = "http";

  /** The container port of the management interface: health, metrics, OpenAPI. */
  private static final String MANAGEMENT = "management";

  /** Quarkus' default quarkus.management.root-path, under which health and metrics are served. */
  private static final String MANAGEMENT_ROOT = "/q";

  private static final Map<String, String> MONITORING_NAMESPACE =
      Map.of("kubernetes.io/metadata.name", "monitoring");

  private static final int PG_RESERVED_CONNECTIONS = 3;
  private static final String SCRAM_SHA_512 = "scram-sha-512";

  /**
   * Addresses of each kind the router's outbound policy refuses (AddressKind other than PUBLIC):
   * pod and Service ranges, the node-local DNS cache and the cloud metadata address among them.
   */
  private static final List<String> NOT_PUBLIC =
      List.of(
          "10.0.0.1",
          "10.96.0.10",
          "172.16.0.1",
          "192.168.1.1",
          "100.64.0.1",
          "127.0.0.1",
          "169.254.169.254",
          "169.254.20.10",
          "0.0.0.0",
          "224.0.0.251",
          "240.0.0.1",
          "fd00::1",
          "fe80::1",
          "::1",
          "::",
          "ff02::1");

  private static final List<String> PUBLIC = List.of("93.184.216.34", "2606:4700:4700::1111");

  /** The key of a SCRAM KafkaUser's Secret that holds the client's whole JAAS login line. */
  private static final String JAAS_KEY = "sasl.jaas.config";

  private static final AppConfig APP =
      new AppConfig(ROOT.resolve("src/main/resources/application.properties"));

  /** One overlay, rendered and parsed. */
  private record Rendered(List<ObjectNode> raw, List<Object> objects) {

    <T> List<T> all(Class<T> type) {
      return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T> T one(Class<T> type) {
      List<T> found = all(type);
      assertThat(found).as(type.getSimpleName()).hasSize(1);
      return found.getFirst();
    }

    Deployment deployment(String role) {
      return all(Deployment.class).stream()
          .filter(d -> d.getMetadata().getName().equals("vigil-" + role))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no Deployment vigil-" + role));
    }

    /** The most replicas the role's Deployment can reach: the HPA's maximum, else its count. */
    int maxReplicas(String role) {
      return all(HorizontalPodAutoscaler.class).stream()
          .filter(h -> h.getSpec().getScaleTargetRef().getName().equals("vigil-" + role))
          .map(h -> h.getSpec().getMaxReplicas())
          .findFirst()
          .orElse(deployment(role).getSpec().getReplicas());
    }
  }

  private static Rendered render(String overlay) {
    List<ObjectNode> raw = Kustomize.build(ROOT.resolve("k8s/overlays").resolve(overlay));
    List<Object> objects = raw.stream().map(StrictModel::parse).toList();
    return new Rendered(raw, objects);
  }

  @ForEachOverlay
  void shouldParseEveryRenderedManifestStrictlyWhenTheOverlayIsBuilt(String overlay) {
    Rendered r = render(overlay);

    assertThat(r.objects()).hasSameSizeAs(r.raw()).hasSizeGreaterThan(20);
    assertThat(r.raw()).allSatisfy(m -> assertThat(m.path("kind").asText()).isNotEqualTo("Secret"));
    assertThat(r.raw())
        .allSatisfy(m -> assertThat(m.path("metadata").path("namespace").asText()).isNotBlank());
  }

  @Test
  void shouldRefuseAManifestWithAnUnknownFieldWhenParsing() throws IOException {
    ObjectMapper yaml = Kustomize.YAML;
    JsonNode deployment =
        yaml.readTree(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n"
                + "spec: {replicas: 1, template: {spec: {containers: [{name: a, image: b, "
                + "livenessProbe: {httpGet: {path: /q/health/live, port: management}, "
                + "periodSecond: 5}}]}}}");
    JsonNode topic =
        yaml.readTree(
            "apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopic\nmetadata: {name: t}\n"
                + "spec: {topicName: t, partitions: 3, replica: 3}");
    JsonNode stringAsNumber =
        yaml.readTree("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {A: 1}");

    assertThatThrownBy(() -> StrictModel.parse(deployment)).hasMessageContaining("periodSecond");
    assertThatThrownBy(() -> StrictModel.parse(topic)).hasMessageContaining("replica");
    assertThatThrownBy(() -> StrictModel.parse(stringAsNumber))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ForEachOverlay
  void shouldMapEveryEnvironmentVariableToARealPropertyWhenADeploymentSetsIt(String overlay) {
    Rendered r = render(overlay);
    Set<String> properties = APP.propertyNames();
    agreed("property:").forEach(properties::add);
    Map<String, ConfigMap> configMaps =
        r.all(ConfigMap.class).stream()
            .collect(Collectors.toMap(c -> c.getMetadata().getName(), c -> c));

    for (String role : ROLES) {
      Container c = container(r.deployment(role));
      List<String> envNames = new ArrayList<>(c.getEnv().stream().map(EnvVar::getName).toList());
      for (EnvFromSource from : c.getEnvFrom()) {
        assertThat(from.getSecretRef()).as("envFrom a Secret hides what is set").isNull();
        ConfigMap cm = configMaps.get(from.getConfigMapRef().getName());
        assertThat(cm).as(role + " envFrom " + from.getConfigMapRef().getName()).isNotNull();
        envNames.addAll(cm.getData().keySet());
      }
      assertThat(envNames)
          .as("environment of vigil-" + role)
          .doesNotHaveDuplicates()
          .allSatisfy(
              env ->
                  assertThat(AppConfig.envSetsAny(env, properties))
                      .as(env + " (of vigil-" + role + ") sets no configuration property")
                      .isTrue());
      assertThat(c.getEnv())
          .filteredOn(e -> e.getName().equals("VIGIL_ROLES"))
          .singleElement()
          .extracting(EnvVar::getValue)
          .isEqualTo(role);
    }
  }

  @ForEachOverlay
  void shouldReferenceOnlyDocumentedOrOperatorMadeSecretsWhenKeysAreNeeded(String overlay)
      throws IOException {
    Rendered r = render(overlay);
    String guide = Files.readString(ROOT.resolve("docs/deployment.md"));
    PgCluster db = r.one(PgCluster.class);
    Set<String> referenced = new TreeSet<>();
    for (String role : ROLES) {
      for (Volume v : r.deployment(role).getSpec().getTemplate().getSpec().getVolumes()) {
        assertThat(v.getProjected()).as("projected volume " + v.getName()).isNull();
        if (v.getSecret() != null) {
          assertThat(v.getSecret().getItems())
              .as("Secret volume " + v.getName() + " names the keys it needs")
              .isNotEmpty();
          assertThat(v.getSecret().getOptional()).as(v.getName() + " optional").isNotEqualTo(true);
          v.getSecret()
              .getItems()
              .forEach(i -> referenced.add(v.getSecret().getSecretName() + "/" + i.getKey()));
        }
      }
      for (EnvVar e : container(r.deployment(role)).getEnv()) {
        if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
          var ref = e.getValueFrom().getSecretKeyRef();
          assertThat(ref.getOptional())
              .as(e.getName() + " must not be optional")
              .isNotEqualTo(true);
          referenced.add(ref.getName() + "/" + ref.getKey());
        }
        if (e.getName().matches(".*(KEY|PASSWORD).*")) {
          assertThat(e.getValue()).as(e.getName() + ": only through a secretKeyRef").isNull();
        }
      }
    }
    assertThat(r.all(ConfigMap.class))
        .allSatisfy(
            cm ->
                assertThat(cm.getData().keySet()).noneMatch(k -> k.matches(".*(KEY|PASSWORD).*")));
    String cnpgApp = db.metadata().getName() + "-app";
    String kafkaCa = r.one(Kafka.class).metadata().getName() + "-cluster-ca-cert";
    Map<String, KafkaUser> kafkaUsers = kafkaUsers(r);
    for (String ref : referenced) {
      String name = ref.substring(0, ref.indexOf('/'));
      String key = ref.substring(ref.indexOf('/') + 1);
      if (name.equals(cnpgApp)) {
        assertThat(key).isIn("username", "password");
      } else if (name.equals(kafkaCa)) {
        assertThat(key).as("Strimzi's cluster CA Secret").isEqualTo("ca.crt");
      } else if (kafkaUsers.containsKey(name)) {
        assertThat(kafkaUsers.get(name).spec().authentication().type()).isEqualTo(SCRAM_SHA_512);
        assertThat(key).as("what Strimzi writes for a SCRAM user").isIn("password", JAAS_KEY);
      } else {
        assertThat(guide)
            .as("docs/deployment.md tells how to create " + ref)
            .containsPattern("kubectl (-n \\S+ )?create secret generic " + name + " ")
            .contains("--from-file=" + key + "=")
            .doesNotContain("--from-literal=" + key + "=");
      }
    }
    assertThat(referenced)
        .contains(
            cnpgApp + "/username",
            cnpgApp + "/password",
            "vigil-relay-keys/hot-keys",
            "vigil-relay-keys/post-keys",
            kafkaCa + "/ca.crt");
  }

  @ForEachOverlay
  void shouldRunTheImageOnTheConfiguredPortWithRealHealthProbesWhenDeployed(String overlay)
      throws IOException {
    Rendered r = render(overlay);
    int httpPort = Integer.parseInt(APP.get("quarkus.http.port"));
    int managementPort = Integer.parseInt(APP.get("quarkus.management.port"));
    assertThat(APP.get("quarkus.management.enabled"))
        .as("health, metrics and OpenAPI on the management interface, not the API's port")
        .isEqualTo("true");
    assertThat(managementPort).isNotEqualTo(httpPort);
    String dockerfile = Files.readString(ROOT.resolve("deploy/Dockerfile"));
    int imageUser = Integer.parseInt(match(dockerfile, "(?m)^USER (\\d+)$"));
    assertThat(match(dockerfile, "(?m)^EXPOSE ([\\d ]+)$").trim().split(" +"))
        .containsExactlyInAnyOrder(String.valueOf(httpPort), String.valueOf(managementPort));
    String version = match(Files.readString(ROOT.resolve("pom.xml")), "<version>([^<]+)</version>");
    // The probes below assume Quarkus' default paths and the fast-jar layout the Dockerfile copies
    // (aot-jar keeps that layout, with a flat class path).
    assertThat(APP.keys())
        .noneMatch(
            k ->
                k.startsWith("quarkus.smallrye-health.")
                    || k.startsWith("quarkus.http.non-application-root-path")
                    || k.startsWith("quarkus.http.root-path")
                    || k.startsWith("quarkus.management.root-path"));
    assertThat(APP.get("quarkus.package.jar.type")).isIn(null, "fast-jar", "aot-jar");
    // OpenAPI (and the Swagger UI with it) stays on the management interface.
    assertThat(APP.get("quarkus.smallrye-openapi.management.enabled")).isIn(null, "true");
    for (String layer : List.of("lib/", "quarkus/", "app/", "quarkus-run.jar")) {
      assertThat(dockerfile)
          .containsPattern(
              "(?m)^COPY .*target/quarkus-app/" + Pattern.quote(layer) + " /deployments/");
    }
    assertThat(dockerfile).contains("-XX:MaxRAMPercentage=").contains("-Djava.io.tmpdir=/tmp");

    Set<String> images = new HashSet<>();
    for (String role : ROLES) {
      Deployment d = r.deployment(role);
      Container c = container(d);
      images.add(c.getImage());
      assertThat(c.getPorts())
          .extracting(p -> p.getName() + "=" + p.getContainerPort())
          .containsExactlyInAnyOrder(HTTP + "=" + httpPort, MANAGEMENT + "=" + managementPort);
      // The API port answers 404 for /q/*: every probe asks the management port.
      assertProbe(c.getStartupProbe(), MANAGEMENT_ROOT + "/health/started");
      assertProbe(c.getLivenessProbe(), MANAGEMENT_ROOT + "/health/live");
      assertProbe(c.getReadinessProbe(), MANAGEMENT_ROOT + "/health/ready");

      var pod = d.getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo((long) imageUser);
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(c.getVolumeMounts())
          .anySatisfy(
              m -> {
                assertThat(m.getMountPath()).isEqualTo("/tmp");
                assertThat(
                        pod.getVolumes().stream()
                            .filter(v -> v.getName().equals(m.getName()))
                            .findFirst()
                            .orElseThrow()
                            .getEmptyDir())
                    .isNotNull();
              });
      for (String resource : List.of("cpu", "memory")) {
        Quantity request = c.getResources().getRequests().get(resource);
        Quantity limit = c.getResources().getLimits().get(resource);
        assertThat(request).as(role + " " + resource + " request").isNotNull();
        assertThat(limit).as(role + " " + resource + " limit").isNotNull();
        assertThat(limit.getNumericalAmount()).isGreaterThanOrEqualTo(request.getNumericalAmount());
      }
    }
    assertThat(images).as("one image for every role").hasSize(1);
    String image = images.iterator().next();
    String name = image.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
    String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "latest";
    assertThat(name).as("the image of artifact vigil").matches("(.+/)?vigil");
    assertThat(tag).isNotEqualTo("latest");
    if (overlay.equals("prod")) {
      assertThat(tag)
          .as("prod runs the release of this build")
          .isEqualTo(version.replace("-SNAPSHOT", ""));
    }

    for (Service s : r.all(Service.class)) {
      Deployment target = selectedDeployment(r, s.getSpec().getSelector());
      String role = podLabels(target).get("app.kubernetes.io/component");
      assertThat(s.getSpec().getPorts())
          .allSatisfy(
              p -> {
                assertThat(p.getName()).isEqualTo(p.getTargetPort().getStrVal());
                assertThat(container(target).getPorts())
                    .as(s.getMetadata().getName() + " port " + p.getName())
                    .anySatisfy(
                        cp -> {
                          assertThat(cp.getName()).isEqualTo(p.getTargetPort().getStrVal());
                          assertThat(cp.getContainerPort()).isEqualTo(p.getPort());
                        });
              });
      List<String> names = s.getSpec().getPorts().stream().map(p -> p.getName()).toList();
      assertThat(names)
          .as(s.getMetadata().getName() + ": the API if the role has one, and the management port")
          .containsExactlyInAnyOrderElementsOf(
              API_ROLES.contains(role) ? List.of(HTTP, MANAGEMENT) : List.of(MANAGEMENT));
    }
    assertThat(r.all(Service.class)).hasSize(ROLES.size());
  }

  @ForEachOverlay
  void shouldScaleEachRoleAsDesignedWhenRendered(String overlay) {
    Rendered r = render(overlay);
    Deployment chain = r.deployment("chain");
    assertThat(chain.getSpec().getReplicas()).as("chain: one active, one standby").isEqualTo(2);
    assertThat(chain.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .isZero();

    List<HorizontalPodAutoscaler> hpas = r.all(HorizontalPodAutoscaler.class);
    for (String role : ROLES) {
      boolean scaled =
          hpas.stream()
              .anyMatch(h -> h.getSpec().getScaleTargetRef().getName().equals("vigil-" + role));
      assertThat(r.deployment(role).getSpec().getReplicas() == null)
          .as("vigil-" + role + " leaves replicas to its HPA, and only then")
          .isEqualTo(scaled);
    }
    assertThat(hpas)
        .extracting(h -> h.getSpec().getScaleTargetRef().getName())
        .containsExactlyInAnyOrder("vigil-router", "vigil-watcher");
    for (HorizontalPodAutoscaler h : hpas) {
      assertThat(h.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
      assertThat(h.getSpec().getMinReplicas()).isLessThanOrEqualTo(h.getSpec().getMaxReplicas());
      assertThat(h.getSpec().getMetrics())
          .filteredOn(m -> "Resource".equals(m.getType()))
          .extracting(m -> m.getResource().getName())
          .containsExactly("cpu");
    }
    if (overlay.equals("prod")) {
      assertThat(hpas)
          .filteredOn(h -> h.getSpec().getScaleTargetRef().getName().equals("vigil-watcher"))
          .singleElement()
          .satisfies(
              h ->
                  assertThat(h.getSpec().getMetrics())
                      .filteredOn(m -> "External".equals(m.getType()))
                      .singleElement()
                      .satisfies(
                          m ->
                              assertThat(m.getExternal().getMetric().getName())
                                  .isEqualTo("kafka_consumergroup_lag")));
    }

    List<PodDisruptionBudget> pdbs = r.all(PodDisruptionBudget.class);
    for (String role : ROLES) {
      Deployment d = r.deployment(role);
      assertThat(pdbs)
          .as("a PodDisruptionBudget covers vigil-" + role)
          .filteredOn(p -> selects(p.getSpec().getSelector(), podLabels(d)))
          .hasSize(1);
    }
  }

  @ForEachOverlay
  void shouldDeclareEveryTopicWithEnoughPartitionsWhenRolesConsumeIt(String overlay) {
    Rendered r = render(overlay);
    Kafka kafka = r.one(Kafka.class);
    int brokers =
        r.all(KafkaNodePool.class).stream()
            .filter(
                p -> kafka.metadata().getName().equals(label(p.metadata(), "strimzi.io/cluster")))
            .filter(p -> p.spec().roles().contains("broker"))
            .mapToInt(p -> p.spec().replicas())
            .sum();
    Map<String, KafkaTopic> topics = new HashMap<>();
    for (KafkaTopic t : r.all(KafkaTopic.class)) {
      String name = topicName(t);
      assertThat(topics.put(name, t)).as("one KafkaTopic for " + name).isNull();
      assertThat(label(t.metadata(), "strimzi.io/cluster")).isEqualTo(kafka.metadata().getName());
      assertThat(t.spec().replicas()).isBetween(1, brokers);
      int minIsr = Integer.parseInt(String.valueOf(t.spec().config().get("min.insync.replicas")));
      assertThat(minIsr).isBetween(1, t.spec().replicas());
      if (t.spec().replicas() > 1) {
        assertThat(minIsr).as(name + " survives one broker down").isLessThan(t.spec().replicas());
      }
      assertThat(t.spec().config()).containsKeys("retention.ms", "cleanup.policy");
    }
    assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);

    Map<String, String> channels = incomingChannels();
    assertThat(channels).as("incoming channels (code or agreed)").isNotEmpty();
    channels.forEach(
        (channel, topic) -> {
          String role = channel.substring(0, channel.indexOf('-'));
          assertThat(ROLES).as("channel " + channel + " is named <role>-<what>").contains(role);
          assertThat(topics)
              .as("channel " + channel + " reads a declared topic")
              .containsKey(topic);
          assertThat(topics.get(topic).spec().partitions())
              .as(topic + " partitions >= most replicas of " + role + " (every consumer works)")
              .isGreaterThanOrEqualTo(r.maxReplicas(role));
        });

    assertThat(kafka.spec().kafka().config()).containsEntry("auto.create.topics.enable", false);
    assertThat(kafka.metadata().getAnnotations())
        .containsEntry("strimzi.io/node-pools", "enabled")
        .containsEntry("strimzi.io/kraft", "enabled");
    assertThat(r.all(KafkaNodePool.class))
        .allSatisfy(p -> assertThat(p.spec().roles()).isSubsetOf("controller", "broker"));
    if (overlay.equals("prod")) {
      assertThat(brokers).isGreaterThanOrEqualTo(3);
    }
  }

  @ForEachOverlay
  void shouldRequireSignInAndAclsOnEveryKafkaListenerWhenRendered(String overlay) {
    Rendered r = render(overlay);
    Kafka kafka = r.one(Kafka.class);
    assertThat(kafka.spec().kafka().listeners())
        .isNotEmpty()
        .allSatisfy(
            l -> {
              assertThat(l.authentication())
                  .as("listener " + l.name() + " authentication")
                  .isNotNull();
              assertThat(l.authentication().type()).isIn(SCRAM_SHA_512, "tls");
              assertThat(l.tls()).as("listener " + l.name() + " encrypts").isTrue();
              assertThat(l.type()).isEqualTo("internal");
              assertThat(l.networkPolicyPeers()).as("listener " + l.name() + " peers").isNotEmpty();
            });
    assertThat(kafka.spec().kafka().authorization()).as("Kafka checks ACLs").isNotNull();
    assertThat(kafka.spec().kafka().authorization().type()).isEqualTo("simple");
    assertThat(kafka.spec().kafka().authorization().superUsers())
        .as("super users besides Strimzi's own")
        .isNullOrEmpty();
    assertThat(kafka.spec().entityOperator().userOperator())
        .as("the user operator, which turns KafkaUsers into credentials and ACLs")
        .isNotNull();
    assertThat(bootstrapListener(r).authentication().type())
        .as("Vigil's pods sign in with SCRAM (see the Deployments' Kafka settings)")
        .isEqualTo(SCRAM_SHA_512);
  }

  @ForEachOverlay
  void shouldGrantEachRoleExactlyTheTopicsAndGroupsItUsesWhenKafkaAuthorizes(String overlay) {
    Rendered r = render(overlay);
    String cluster = r.one(Kafka.class).metadata().getName();
    Listener listener = bootstrapListener(r);
    assertThat(listener.authentication())
        .as("listener " + listener.name() + " sign-in")
        .isNotNull();
    String signIn = listener.authentication().type();
    Map<String, KafkaUser> users = kafkaUsers(r);
    Set<String> declared =
        r.all(KafkaTopic.class).stream().map(ManifestTest::topicName).collect(Collectors.toSet());
    assertThat(APP.kafkaChannels())
        .allSatisfy(
            ch ->
                assertThat(RoleChannels.owner(ch.name()))
                    .as("channel " + ch.name() + " is named <role>-<what>")
                    .isPresent());
    Set<String> produced = new TreeSet<>();
    Set<String> expectedUsers = new TreeSet<>();
    for (String role : ROLES) {
      KafkaAccess access = access(role);
      produced.addAll(access.writes());
      assertThat(access.describes()).as(role + " uses declared topics only").isSubsetOf(declared);
      if (!connectsToKafka(access)) {
        continue;
      }
      String name = "vigil-" + role;
      expectedUsers.add(name);
      KafkaUser user = users.get(name);
      assertThat(user).as("KafkaUser " + name).isNotNull();
      assertThat(label(user.metadata(), "strimzi.io/cluster")).isEqualTo(cluster);
      assertThat(user.spec().authentication().type()).as(name + " signs in").isEqualTo(signIn);
      assertThat(user.spec().authorization().type()).isEqualTo("simple");
      assertGrantsExactly(user, access.grants());
    }
    assertThat(users.keySet())
        .as("one KafkaUser for each role that connects to Kafka, and no other")
        .containsExactlyInAnyOrderElementsOf(expectedUsers);
    assertThat(produced)
        .as("every topic of Topics.ALL is written by a role, and no other topic is")
        .containsExactlyInAnyOrderElementsOf(Topics.ALL);
  }

  @Test
  void shouldRefuseAKafkaUserWhenItsAclsDifferFromWhatItsRoleUses() throws IOException {
    ObjectNode chain =
        render("prod").raw().stream()
            .filter(m -> m.path("kind").asText().equals("KafkaUser"))
            .filter(m -> m.path("metadata").path("name").asText().equals("vigil-chain"))
            .findFirst()
            .orElseThrow();
    Set<Grant> expected = access("chain").grants();
    assertThatCode(() -> assertGrantsExactly(userWith(chain, null), expected))
        .doesNotThrowAnyException();

    String extraRead =
        "{resource: {type: topic, name: vigil.tx-requests, patternType: literal}, operations: [Read]}";
    assertThatThrownBy(() -> assertGrantsExactly(userWith(chain, extraRead), expected))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("unexpected")
        .hasMessageContaining("Read on topic vigil.tx-requests");
    String wildcard =
        "{resource: {type: topic, name: vigil., patternType: prefix}, operations: [Write]}";
    assertThatThrownBy(() -> assertGrantsExactly(userWith(chain, wildcard), expected))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Write on topic vigil. (prefix)");
    String anyGroup = "{resource: {type: group, name: '*'}, operations: [Read]}";
    assertThatThrownBy(() -> assertGrantsExactly(userWith(chain, anyGroup), expected))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Read on group *");

    ObjectNode withoutWrite = chain.deepCopy();
    ((ArrayNode) withoutWrite.at("/spec/authorization/acls")).remove(0);
    assertThatThrownBy(() -> assertGrantsExactly(userWith(withoutWrite, null), expected))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("could not find")
        .hasMessageContaining("Write on topic vigil.channel-events");
  }

  @ForEachOverlay
  void shouldSignEachRoleInAsItsOwnKafkaUserAndNoOtherWhenDeployed(String overlay) {
    Rendered r = render(overlay);
    String protocol = bootstrapListener(r).tls() ? "SASL_SSL" : "SASL_PLAINTEXT";
    Set<String> userNames = kafkaUsers(r).keySet();
    String kafkaCa = r.one(Kafka.class).metadata().getName() + "-cluster-ca-cert";
    for (String role : ROLES) {
      Deployment d = r.deployment(role);
      Container c = container(d);
      Set<String> userSecrets = secretsReadBy(d);
      userSecrets.retainAll(userNames);
      if (!connectsToKafka(access(role))) {
        assertThat(userSecrets).as("vigil-" + role + " has no Kafka credentials").isEmpty();
        continue;
      }
      String own = "vigil-" + role;
      assertThat(userSecrets).as("KafkaUser Secrets read by " + own).containsExactly(own);
      assertThat(env(r, role, "KAFKA_SECURITY_PROTOCOL")).isEqualTo(protocol);
      assertThat(env(r, role, "KAFKA_SASL_MECHANISM")).isEqualTo("SCRAM-SHA-512");
      assertThat(c.getEnv())
          .filteredOn(e -> e.getName().equals("KAFKA_SASL_JAAS_CONFIG"))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getValue()).isNull();
                assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(own);
                assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(JAAS_KEY);
              });

      assertThat(env(r, role, "KAFKA_SSL_TRUSTSTORE_TYPE")).isEqualTo("PEM");
      Path truststore = Path.of(env(r, role, "KAFKA_SSL_TRUSTSTORE_LOCATION"));
      VolumeMount mount =
          c.getVolumeMounts().stream()
              .filter(m -> Path.of(m.getMountPath()).equals(truststore.getParent()))
              .findFirst()
              .orElseThrow(() -> new AssertionError(own + " mounts nothing at " + truststore));
      assertThat(mount.getSubPath()).as("a subPath mount never sees a renewed CA").isNull();
      Volume volume =
          d.getSpec().getTemplate().getSpec().getVolumes().stream()
              .filter(v -> v.getName().equals(mount.getName()))
              .findFirst()
              .orElseThrow();
      assertThat(volume.getSecret()).as(own + " truststore volume").isNotNull();
      assertThat(volume.getSecret().getSecretName()).isEqualTo(kafkaCa);
      assertThat(volume.getSecret().getItems())
          .anySatisfy(
              i -> {
                assertThat(i.getKey()).isEqualTo("ca.crt");
                assertThat(i.getPath()).isEqualTo(truststore.getFileName().toString());
              });
    }
  }

  @ForEachOverlay
  void shouldPointAtTheCloudNativePgClusterWithinItsConnectionLimitWhenRendered(String overlay) {
    Rendered r = render(overlay);
    PgCluster db = r.one(PgCluster.class);
    URI url = URI.create(env(r, "chain", "VIGIL_DB_URL").substring("jdbc:".length()));
    assertThat(url.getHost()).isEqualTo(db.metadata().getName() + "-rw");
    assertThat(url.getPath()).isEqualTo("/" + db.spec().bootstrap().initdb().database());

    int defaultPool = Integer.parseInt(APP.get("quarkus.datasource.jdbc.max-size"));
    int connections = 0;
    for (String role : ROLES) {
      String pool = envOrNull(r, role, "QUARKUS_DATASOURCE_JDBC_MAX_SIZE");
      connections += r.maxReplicas(role) * (pool == null ? defaultPool : Integer.parseInt(pool));
    }
    assertThat(connections + PG_RESERVED_CONNECTIONS)
        .as("every pool at its maximum fits in max_connections")
        .isLessThanOrEqualTo(
            Integer.parseInt(db.spec().postgresql().parameters().get("max_connections")));

    if (overlay.equals("prod")) {
      assertThat(db.spec().instances()).isEqualTo(3);
      assertThat(db.spec().backup().barmanObjectStore().destinationPath()).isNotBlank();
      assertThat(r.one(ScheduledBackup.class).spec().cluster().name())
          .isEqualTo(db.metadata().getName());
    }
  }

  @ForEachOverlay
  void shouldExposeOnlyTheApiRolesOutsideTheNamespaceWhenPoliciesApply(String overlay) {
    Rendered r = render(overlay);
    List<NetworkPolicy> policies = r.all(NetworkPolicy.class);
    for (String role : ROLES) {
      Map<String, String> labels = podLabels(r.deployment(role));
      List<NetworkPolicy> applying =
          policies.stream().filter(p -> selects(p.getSpec().getPodSelector(), labels)).toList();
      assertThat(applying)
          .as("vigil-" + role + " is isolated for ingress")
          .anyMatch(p -> p.getSpec().getPolicyTypes().contains("Ingress"));
      List<NetworkPolicyIngressRule> fromAnywhere =
          applying.stream()
              .flatMap(p -> p.getSpec().getIngress().stream())
              .filter(ManifestTest::admitsOutsideTheNamespace)
              .toList();
      if (API_ROLES.contains(role)) {
        assertThat(fromAnywhere).as(role + " API reachable").isNotEmpty();
      } else {
        assertThat(fromAnywhere).as(role + " has no API").isEmpty();
      }
      assertThat(fromAnywhere)
          .allSatisfy(
              rule ->
                  assertThat(rule.getPorts())
                      .singleElement()
                      .satisfies(p -> assertThat(p.getPort().getStrVal()).isEqualTo(HTTP)));
    }
  }

  @ForEachOverlay
  void shouldAdmitOnlyTheMonitoringNamespaceToTheManagementPortWhenPoliciesApply(String overlay) {
    Rendered r = render(overlay);
    for (String role : ROLES) {
      assertManagementOnlyFromMonitoring(
          r.all(NetworkPolicy.class), r.deployment(role), "vigil-" + role);
    }
  }

  @Test
  void shouldRefuseAPolicyWhenItOpensTheManagementPortBeyondMonitoringOrClosesIt() {
    Rendered r = render("prod");
    Deployment relay = r.deployment("relay");
    List<ObjectNode> policies =
        r.raw().stream().filter(m -> m.path("kind").asText().equals("NetworkPolicy")).toList();
    assertThatCode(
            () -> assertManagementOnlyFromMonitoring(policiesOf(policies, null), relay, "relay"))
        .doesNotThrowAnyException();

    ObjectNode api = policy(policies, "vigil-api");
    ObjectNode allPorts = api.deepCopy();
    ((ObjectNode) allPorts.at("/spec/ingress/0")).remove("ports");
    assertThatThrownBy(
            () ->
                assertManagementOnlyFromMonitoring(policiesOf(policies, allPorts), relay, "relay"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("vigil-api");
    ObjectNode byNumber = api.deepCopy();
    ((ObjectNode) byNumber.at("/spec/ingress/0/ports/0"))
        .put("port", Integer.parseInt(APP.get("quarkus.management.port")));
    assertThatThrownBy(
            () ->
                assertManagementOnlyFromMonitoring(policiesOf(policies, byNumber), relay, "relay"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("vigil-api");

    ObjectNode management = policy(policies, "vigil-management");
    ObjectNode sameNamespace = management.deepCopy();
    ((ArrayNode) sameNamespace.at("/spec/ingress/0/from"))
        .add(
            Kustomize.YAML
                .createObjectNode()
                .set("podSelector", Kustomize.YAML.createObjectNode()));
    assertThatThrownBy(
            () ->
                assertManagementOnlyFromMonitoring(
                    policiesOf(policies, sameNamespace), relay, "relay"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("vigil-management");
    ObjectNode otherPort = management.deepCopy();
    ((ObjectNode) otherPort.at("/spec/ingress/0/ports/0")).put("port", HTTP);
    assertThatThrownBy(
            () ->
                assertManagementOnlyFromMonitoring(policiesOf(policies, otherPort), relay, "relay"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Prometheus");
  }

  @ForEachOverlay
  void shouldLetTheRouterReachOnlyDnsTheDatabaseAndPublicWebWhenEgressPoliciesApply(
      String overlay) {
    Rendered r = render(overlay);
    Map<String, String> router = podLabels(r.deployment("router"));
    List<NetworkPolicy> egress =
        r.all(NetworkPolicy.class).stream()
            .filter(p -> p.getSpec().getPolicyTypes().contains("Egress"))
            .filter(p -> selects(p.getSpec().getPodSelector(), router))
            .toList();

    assertThat(egress).as("vigil-router is isolated for egress").isNotEmpty();
    assertThat(egressProblems(r, egress)).isEmpty();
  }

  @Test
  void shouldRefuseARouterEgressPolicyThatOpensMoreThanTheRouterNeeds() throws IOException {
    Rendered r = render("prod");
    ObjectNode policy =
        r.raw().stream()
            .filter(m -> m.path("metadata").path("name").asText().equals("vigil-router-egress"))
            .findFirst()
            .orElseThrow();
    assertThat(egressProblems(r, List.of(networkPolicy(policy)))).isEmpty();

    ObjectNode metadata = policy.deepCopy();
    ArrayNode except = (ArrayNode) publicRule(metadata).at("/to/0/ipBlock/except");
    for (int i = except.size() - 1; i >= 0; i--) {
      if (except.get(i).asText().equals("169.254.0.0/16")) {
        except.remove(i);
      }
    }
    assertThat(egressProblems(r, List.of(networkPolicy(metadata))))
        .anySatisfy(problem -> assertThat(problem).contains("admits 169.254.169.254"));

    ObjectNode anyPort = policy.deepCopy();
    publicRule(anyPort).remove("ports");
    assertThat(egressProblems(r, List.of(networkPolicy(anyPort))))
        .anySatisfy(problem -> assertThat(problem).contains("every port"));

    ObjectNode ssh = policy.deepCopy();
    ((ArrayNode) publicRule(ssh).get("ports")).addObject().put("port", 22).put("protocol", "TCP");
    assertThat(egressProblems(r, List.of(networkPolicy(ssh))))
        .anySatisfy(problem -> assertThat(problem).contains("22/TCP"));

    ObjectNode everything = policy.deepCopy();
    ((ArrayNode) everything.at("/spec/egress")).addObject();
    assertThat(egressProblems(r, List.of(networkPolicy(everything))))
        .anySatisfy(problem -> assertThat(problem).contains("every destination"));

    ObjectNode kafka = policy.deepCopy();
    ((ArrayNode) kafka.at("/spec/egress"))
        .add(
            Kustomize.YAML.readTree(
                "{to: [{podSelector: {matchLabels: {strimzi.io/cluster: vigil-kafka,"
                    + " strimzi.io/broker-role: 'true'}}}], ports: [{port: 9093, protocol: TCP}]}"));
    assertThat(egressProblems(r, List.of(networkPolicy(kafka))))
        .as("the router opens no Kafka channel")
        .anySatisfy(problem -> assertThat(problem).contains("unexpected destination"));

    ObjectNode anyPod = policy.deepCopy();
    ((ObjectNode) ((ArrayNode) anyPod.at("/spec/egress")).get(0).at("/to/0"))
        .putObject("namespaceSelector");
    assertThat(egressProblems(r, List.of(networkPolicy(anyPod))))
        .anySatisfy(problem -> assertThat(problem).contains("unexpected destination"));
  }

  @ForEachOverlay
  void shouldScrapeMetricsAndAlertOnTheAgreedSignalsWhenMonitored(String overlay)
      throws IOException {
    Rendered r = render(overlay);
    ServiceMonitor monitor = r.one(ServiceMonitor.class);
    assertThat(monitor.spec().endpoints())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path())
                  .isEqualTo(APP.get("quarkus.micrometer.export.prometheus.path"))
                  .startsWith(MANAGEMENT_ROOT + "/");
              assertThat(e.port()).as("metrics live on the management port").isEqualTo(MANAGEMENT);
            });
    assertThat(r.all(Service.class))
        .allSatisfy(
            s -> {
              assertThat(selects(monitor.spec().selector(), s.getMetadata().getLabels()))
                  .as("ServiceMonitor selects " + s.getMetadata().getName())
                  .isTrue();
              assertThat(s.getSpec().getPorts())
                  .as(s.getMetadata().getName() + " names the port the ServiceMonitor scrapes")
                  .anyMatch(p -> MANAGEMENT.equals(p.getName()));
            });

    JsonNode ruleFile =
        Kustomize.readAll(ROOT.resolve("deploy/prometheus/vigil-alerts.yaml")).getFirst();
    PrometheusRule rule = r.one(PrometheusRule.class);
    assertThat(
            Kustomize.YAML
                .valueToTree(rule.spec().groups())
                .equals(
                    Kustomize.YAML.valueToTree(
                        StrictModel.strictMapper()
                            .treeToValue(ruleFile, StrictModel.PrometheusRuleSpec.class)
                            .groups())))
        .as("PrometheusRule groups equal deploy/prometheus/vigil-alerts.yaml")
        .isTrue();
    List<Rule> alerts = rule.spec().groups().stream().flatMap(g -> g.rules().stream()).toList();
    assertThat(alerts)
        .extracting(Rule::alert)
        .contains(
            "VigilChainLagging",
            "VigilDisputeDeadlineAtRisk",
            "VigilGasReserveLow",
            "VigilPeerLagging",
            "VigilConsumerLagging",
            "VigilDeadLetterWritten");
    assertThat(alerts)
        .allSatisfy(
            a -> {
              assertThat(a.labels()).containsKey("severity");
              assertThat(a.annotations()).containsKeys("summary", "description");
              assertThat(a.expr()).isNotBlank();
            });
  }

  @Test
  void shouldUseOnlyMetricsTheCodeExportsWhenAlertingAndCharting() throws IOException {
    List<String> expressions = new ArrayList<>();
    for (JsonNode group :
        Kustomize.readAll(ROOT.resolve("deploy/prometheus/vigil-alerts.yaml"))
            .getFirst()
            .get("groups")) {
      group.get("rules").forEach(rule -> expressions.add(rule.get("expr").asText()));
    }
    JsonNode dashboard =
        new ObjectMapper().readTree(ROOT.resolve("deploy/grafana/vigil.json").toFile());
    assertThat(dashboard.path("uid").asText()).isEqualTo("vigil-overview");
    dashboard.findValues("expr").forEach(e -> expressions.add(e.asText()));
    dashboard.findValues("definition").forEach(e -> expressions.add(e.asText()));
    assertThat(expressions).hasSizeGreaterThan(10);

    Set<String> exported = exportedMeters();
    agreed("metric:").forEach(exported::add);
    Pattern metric = Pattern.compile("\\bvigil_[a-z0-9_]+");
    Set<String> used = new TreeSet<>();
    for (String expr : expressions) {
      Matcher m = metric.matcher(expr);
      while (m.find()) {
        used.add(m.group());
      }
    }
    assertThat(used).hasSizeGreaterThanOrEqualTo(5);
    assertThat(used)
        .allSatisfy(
            name ->
                assertThat(exported.stream().anyMatch(base -> prometheusNameOf(base, name)))
                    .as(name + " is exported by the code (Micrometer name with dots as _)")
                    .isTrue());
  }

  @Test
  void shouldContainNoSecretOrPrivateKeyWhenScanningDeployAndK8s() throws IOException {
    Pattern hex64 = Pattern.compile("(?i)(?<![0-9a-f])(0x)?[0-9a-f]{64}(?![0-9a-f])");
    Pattern pem = Pattern.compile("-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----");
    List<Path> files;
    try (Stream<Path> a = Files.walk(ROOT.resolve("k8s"));
        Stream<Path> b = Files.walk(ROOT.resolve("deploy"))) {
      files = Stream.concat(a, b).filter(Files::isRegularFile).toList();
    }
    assertThat(files).hasSizeGreaterThan(10);
    for (Path f : files) {
      String text = Files.readString(f);
      assertThat(hex64.matcher(text).find()).as(f + " holds a 64-hex-digit string").isFalse();
      assertThat(pem.matcher(text).find()).as(f + " holds a PEM block").isFalse();
      assertThat(text)
          .as(f + " declares a Secret")
          .doesNotContainPattern("(?m)^kind:\\s*Secret\\s*$");
    }
    assertThat(hex64.matcher("key: 0x" + "ab".repeat(32)).find()).as("the scan works").isTrue();
  }

  @ForEachOverlay
  void shouldRenderExactlyWhatKubectlKustomizeRendersWhenKubectlIsInstalled(String overlay)
      throws Exception {
    Path kubectl =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
            .map(p -> Path.of(p, "kubectl"))
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
    Assumptions.assumeTrue(kubectl != null, "kubectl is not installed");
    Process p =
        new ProcessBuilder(
                kubectl.toString(), "kustomize", ROOT.resolve("k8s/overlays/" + overlay).toString())
            .redirectErrorStream(false)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes())).isZero();
    Path tmp = Files.createTempFile("kustomize-" + overlay, ".yaml");
    try {
      Files.write(tmp, out);
      Map<String, JsonNode> theirs =
          Kustomize.readAll(tmp).stream().collect(Collectors.toMap(Kustomize::id, n -> n));
      Map<String, JsonNode> ours =
          render(overlay).raw().stream()
              .collect(Collectors.toMap(Kustomize::id, n -> (JsonNode) n));
      assertThat(ours.keySet()).isEqualTo(theirs.keySet());
      ours.forEach((id, node) -> assertThat(node).as(id).isEqualTo(theirs.get(id)));
    } finally {
      Files.delete(tmp);
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static Stream<String> agreed(String kind) {
    return AGREED_NOT_YET_ON_MAIN.stream()
        .filter(s -> s.startsWith(kind))
        .map(s -> s.substring(kind.length()));
  }

  /** What the process of {@code role} does on Kafka (see KafkaAccess). */
  private static KafkaAccess access(String role) {
    return KafkaAccess.of(Role.fromId(role).orElseThrow(), APP.kafkaChannels(), APP);
  }

  /** Whether a role's pods connect to Kafka: to open channels, or for the Kafka health check. */
  private static boolean connectsToKafka(KafkaAccess access) {
    return access.connects();
  }

  /** Fails, naming each grant too many and each one missing, unless the ACLs are exactly these. */
  private static void assertGrantsExactly(KafkaUser user, Set<Grant> expected) {
    assertThat(KafkaAccess.granted(user))
        .as("ACLs of KafkaUser " + user.metadata().getName())
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  /** The KafkaUser manifest, with one more ACL rule (YAML) when {@code extraRule} is not null. */
  private static KafkaUser userWith(ObjectNode manifest, String extraRule) throws IOException {
    ObjectNode copy = manifest.deepCopy();
    if (extraRule != null) {
      ((ArrayNode) copy.at("/spec/authorization/acls")).add(Kustomize.YAML.readTree(extraRule));
    }
    return (KafkaUser) StrictModel.parse(copy);
  }

  private static Map<String, KafkaUser> kafkaUsers(Rendered r) {
    Map<String, KafkaUser> users = new HashMap<>();
    for (KafkaUser u : r.all(KafkaUser.class)) {
      String name = u.metadata().getName();
      assertThat(users.put(name, u)).as("one KafkaUser " + name).isNull();
    }
    return users;
  }

  /**
   * The listener KAFKA_BOOTSTRAP_SERVERS points at: the same for every role, on the cluster's
   * bootstrap Service.
   */
  private static Listener bootstrapListener(Rendered r) {
    Kafka kafka = r.one(Kafka.class);
    String bootstrap = env(r, "chain", "KAFKA_BOOTSTRAP_SERVERS");
    for (String role : ROLES) {
      assertThat(envOrNull(r, role, "KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(bootstrap);
    }
    int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    assertThat(bootstrap.substring(0, bootstrap.lastIndexOf(':')))
        .isEqualTo(kafka.metadata().getName() + "-kafka-bootstrap");
    return kafka.spec().kafka().listeners().stream()
        .filter(l -> l.port() == port)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Kafka listener on the bootstrap port " + port));
  }

  /** Names of the Secrets a Deployment's pods read: env, envFrom and volumes. */
  private static Set<String> secretsReadBy(Deployment d) {
    Set<String> names = new TreeSet<>();
    var pod = d.getSpec().getTemplate().getSpec();
    for (Container c : pod.getContainers()) {
      for (EnvVar e : c.getEnv()) {
        if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
          names.add(e.getValueFrom().getSecretKeyRef().getName());
        }
      }
      for (EnvFromSource from : c.getEnvFrom()) {
        if (from.getSecretRef() != null) {
          names.add(from.getSecretRef().getName());
        }
      }
    }
    for (Volume v : pod.getVolumes()) {
      if (v.getSecret() != null) {
        names.add(v.getSecret().getSecretName());
      }
      if (v.getProjected() != null) {
        v.getProjected().getSources().stream()
            .filter(source -> source.getSecret() != null)
            .forEach(source -> names.add(source.getSecret().getName()));
      }
    }
    return names;
  }

  private static String topicName(KafkaTopic t) {
    return t.spec().topicName() != null ? t.spec().topicName() : t.metadata().getName();
  }

  /** Incoming channel -> topic, from the code (see AppConfig) and the agreed channels. */
  private static Map<String, String> incomingChannels() {
    Map<String, String> channels = APP.incomingChannels();
    agreed("channel:")
        .forEach(
            s ->
                channels.putIfAbsent(
                    s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1)));
    return channels;
  }

  /** Micrometer meter names found in the main sources, written as Prometheus names. */
  private static Set<String> exportedMeters() throws IOException {
    Pattern literal =
        Pattern.compile("\"(vigil[._](?:chain|watcher|relay|router|kafka)[._][a-z0-9._]+)\"");
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(ROOT.resolve("src/main/java"))) {
      for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
        Matcher m = literal.matcher(Files.readString(f));
        while (m.find()) {
          names.add(m.group(1).replace('.', '_'));
        }
      }
    }
    return names;
  }

  /** Whether a Prometheus series name is what Micrometer exports for the meter {@code base}. */
  private static boolean prometheusNameOf(String base, String name) {
    return name.matches(
        Pattern.quote(base)
            + "(_(seconds|bytes|blocks|wei|ratio))?(_total|_count|_sum|_max|_bucket)?");
  }

  /**
   * Fails unless the policies that select the Deployment's pods let the monitoring namespace reach
   * the management port, and let nothing else reach it: every ingress rule admitting that port (by
   * name, by number, or by naming no port at all) admits only peers of that namespace.
   */
  private static void assertManagementOnlyFromMonitoring(
      List<NetworkPolicy> policies, Deployment d, String who) {
    Map<String, String> labels = podLabels(d);
    int number =
        container(d).getPorts().stream()
            .filter(p -> MANAGEMENT.equals(p.getName()))
            .findFirst()
            .orElseThrow(() -> new AssertionError(who + " declares no management port"))
            .getContainerPort();
    boolean monitoringAdmitted = false;
    for (NetworkPolicy p : policies) {
      if (!selects(p.getSpec().getPodSelector(), labels)
          || !p.getSpec().getPolicyTypes().contains("Ingress")) {
        continue;
      }
      for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
        if (!admitsPort(rule, MANAGEMENT, number)) {
          continue;
        }
        assertThat(rule.getFrom())
            .as(
                "NetworkPolicy %s admits %s's management port: only from the monitoring namespace",
                p.getMetadata().getName(), who)
            .isNotEmpty()
            .allMatch(ManifestTest::isMonitoringNamespace);
        monitoringAdmitted = true;
      }
    }
    assertThat(monitoringAdmitted)
        .as("Prometheus (monitoring namespace) reaches the management port of " + who)
        .isTrue();
  }

  /** Whether an ingress rule lets traffic to this container port through. */
  private static boolean admitsPort(NetworkPolicyIngressRule rule, String name, int number) {
    if (rule.getPorts() == null || rule.getPorts().isEmpty()) {
      return true;
    }
    for (NetworkPolicyPort p : rule.getPorts()) {
      if (p.getPort() == null || name.equals(p.getPort().getStrVal())) {
        return true;
      }
      Integer first = p.getPort().getIntVal();
      if (first != null) {
        int last = p.getEndPort() == null ? first : p.getEndPort();
        if (number >= first && number <= last) {
          return true;
        }
      }
    }
    return false;
  }

  /** A peer that is the monitoring namespace (or some of its pods), and nothing else. */
  private static boolean isMonitoringNamespace(NetworkPolicyPeer peer) {
    LabelSelector ns = peer.getNamespaceSelector();
    return peer.getIpBlock() == null
        && ns != null
        && (ns.getMatchExpressions() == null || ns.getMatchExpressions().isEmpty())
        && MONITORING_NAMESPACE.equals(ns.getMatchLabels());
  }

  private static ObjectNode policy(List<ObjectNode> policies, String name) {
    return policies.stream()
        .filter(m -> m.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no NetworkPolicy " + name));
  }

  /**
   * The rendered NetworkPolicies, with {@code replacement} (when not null) in place of its twin.
   */
  private static List<NetworkPolicy> policiesOf(List<ObjectNode> policies, ObjectNode replacement) {
    String replaced = replacement == null ? null : replacement.at("/metadata/name").asText();
    return policies.stream()
        .map(m -> m.at("/metadata/name").asText().equals(replaced) ? replacement : m)
        .map(m -> (NetworkPolicy) StrictModel.parse(m))
        .toList();
  }

  /**
   * What is wrong with the egress the policies give the router: each rule must name its
   * destinations and ports, each destination must be one the router needs (the cluster's DNS, the
   * CloudNativePG cluster, public addresses, and the Strimzi brokers only if its process connects
   * to Kafka, which it does not while it has no channel) on that destination's ports only, no
   * address the outbound policy refuses may be reachable, and each needed destination must be.
   */
  private static List<String> egressProblems(Rendered r, List<NetworkPolicy> policies) {
    String db = r.one(PgCluster.class).metadata().getName();
    int dbPort = URI.create(env(r, "router", "VIGIL_DB_URL").substring("jdbc:".length())).getPort();
    String kafka = r.one(Kafka.class).metadata().getName();
    Map<String, Set<String>> portsOf = new HashMap<>();
    portsOf.put("dns", Set.of("53/UDP", "53/TCP"));
    portsOf.put("database", Set.of(dbPort + "/TCP"));
    portsOf.put("public", Set.of("80/TCP", "443/TCP"));
    if (connectsToKafka(access("router"))) {
      portsOf.put("kafka", Set.of(bootstrapListener(r).port() + "/TCP"));
    }
    List<String> problems = new ArrayList<>();
    Set<String> reached = new TreeSet<>();
    List<IPBlock> publicBlocks = new ArrayList<>();
    for (NetworkPolicy policy : policies) {
      String name = policy.getMetadata().getName();
      for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
        if (rule.getTo() == null || rule.getTo().isEmpty()) {
          problems.add(name + ": a rule without 'to' allows every destination");
          continue;
        }
        if (rule.getPorts() == null || rule.getPorts().isEmpty()) {
          problems.add(name + ": a rule without ports allows every port");
          continue;
        }
        Set<String> ports =
            rule.getPorts().stream().map(ManifestTest::port).collect(Collectors.toSet());
        for (NetworkPolicyPeer peer : rule.getTo()) {
          String target = egressTarget(peer, db, kafka);
          if (target == null || !portsOf.containsKey(target)) {
            problems.add(name + ": an unexpected destination " + peer);
            continue;
          }
          reached.add(target);
          if (!portsOf.get(target).containsAll(ports)) {
            problems.add(
                name
                    + ": "
                    + target
                    + " on "
                    + new TreeSet<>(ports)
                    + " (only "
                    + portsOf.get(target)
                    + ")");
          }
          if (target.equals("public")) {
            publicBlocks.add(peer.getIpBlock());
          }
        }
      }
    }
    for (String address : NOT_PUBLIC) {
      assertThat(AddressKind.of(ip(address))).as(address).isNotEqualTo(AddressKind.PUBLIC);
      publicBlocks.stream()
          .filter(block -> admits(block, address))
          .forEach(block -> problems.add(block.getCidr() + " admits " + address));
    }
    for (String address : PUBLIC) {
      if (publicBlocks.stream().noneMatch(block -> admits(block, address))) {
        problems.add("no rule admits the public address " + address);
      }
    }
    for (String needed : portsOf.keySet()) {
      if (!reached.contains(needed)) {
        problems.add("the router cannot reach " + needed);
      }
    }
    return problems;
  }

  /** Which needed destination a peer of an egress rule is, or null when it is none of them. */
  private static String egressTarget(NetworkPolicyPeer peer, String db, String kafka) {
    if (peer.getIpBlock() != null) {
      return peer.getPodSelector() == null && peer.getNamespaceSelector() == null ? "public" : null;
    }
    Map<String, String> pods = exactLabels(peer.getPodSelector());
    Map<String, String> namespaces = exactLabels(peer.getNamespaceSelector());
    if (pods == null || (peer.getNamespaceSelector() != null && namespaces == null)) {
      return null;
    }
    if (Map.of("kubernetes.io/metadata.name", "kube-system").equals(namespaces)
        && Map.of("k8s-app", "kube-dns").equals(pods)) {
      return "dns";
    }
    if (namespaces != null) {
      return null;
    }
    if (Map.of("cnpg.io/cluster", db).equals(pods)) {
      return "database";
    }
    if (Map.of("strimzi.io/cluster", kafka, "strimzi.io/broker-role", "true").equals(pods)) {
      return "kafka";
    }
    return null;
  }

  /** A selector's labels when it selects by matchLabels alone and selects something; else null. */
  private static Map<String, String> exactLabels(LabelSelector selector) {
    if (selector == null
        || (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty())
        || selector.getMatchLabels() == null
        || selector.getMatchLabels().isEmpty()) {
      return null;
    }
    return selector.getMatchLabels();
  }

  private static String port(NetworkPolicyPort port) {
    String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
    if (port.getPort() == null || port.getEndPort() != null) {
      return "*/" + protocol;
    }
    Object number =
        port.getPort().getIntVal() != null
            ? port.getPort().getIntVal()
            : port.getPort().getStrVal();
    return number + "/" + protocol;
  }

  private static boolean admits(IPBlock block, String address) {
    InetAddress ip = ip(address);
    return Cidr.parse(block.getCidr()).orElseThrow().contains(ip)
        && block.getExcept().stream()
            .noneMatch(except -> Cidr.parse(except).orElseThrow().contains(ip));
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static NetworkPolicy networkPolicy(ObjectNode manifest) {
    return (NetworkPolicy) StrictModel.parse(manifest);
  }

  /** The egress rule of a policy manifest whose destinations are address blocks. */
  private static ObjectNode publicRule(ObjectNode policy) {
    for (JsonNode rule : policy.at("/spec/egress")) {
      if (rule.at("/to/0/ipBlock").isObject()) {
        return (ObjectNode) rule;
      }
    }
    throw new AssertionError("no egress rule to address blocks");
  }

  private static boolean admitsOutsideTheNamespace(NetworkPolicyIngressRule rule) {
    if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
      return true;
    }
    for (NetworkPolicyPeer peer : rule.getFrom()) {
      if (peer.getIpBlock() != null) {
        return true;
      }
      LabelSelector ns = peer.getNamespaceSelector();
      boolean monitoring =
          ns != null
              && ns.getMatchLabels() != null
              && "monitoring".equals(ns.getMatchLabels().get("kubernetes.io/metadata.name"));
      if (ns != null && !monitoring) {
        return true;
      }
    }
    return false;
  }

  private static Container container(Deployment d) {
    List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).as(d.getMetadata().getName() + " containers").hasSize(1);
    return containers.getFirst();
  }

  private static Map<String, String> podLabels(Deployment d) {
    return d.getSpec().getTemplate().getMetadata().getLabels();
  }

  private static Deployment selectedDeployment(Rendered r, Map<String, String> selector) {
    List<Deployment> matched =
        r.all(Deployment.class).stream()
            .filter(d -> podLabels(d).entrySet().containsAll(selector.entrySet()))
            .toList();
    assertThat(matched).as("Deployment selected by " + selector).hasSize(1);
    return matched.getFirst();
  }

  private static boolean selects(LabelSelector selector, Map<String, String> labels) {
    assertThat(selector.getMatchExpressions()).as("only matchLabels selectors are used").isEmpty();
    return selector.getMatchLabels() != null
        && !selector.getMatchLabels().isEmpty()
        && labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
  }

  private static String label(io.fabric8.kubernetes.api.model.ObjectMeta meta, String key) {
    return meta.getLabels() == null ? null : meta.getLabels().get(key);
  }

  private static void assertProbe(Probe probe, String path) {
    assertThat(probe).as(path).isNotNull();
    HTTPGetAction get = probe.getHttpGet();
    assertThat(get.getPath()).isEqualTo(path);
    assertThat(get.getPort().getStrVal()).as(path + " port").isEqualTo(MANAGEMENT);
  }

  /** The value an environment variable has in a role's container (env or envFrom ConfigMap). */
  private static String env(Rendered r, String role, String name) {
    return Objects.requireNonNull(envOrNull(r, role, name), name + " unset in vigil-" + role);
  }

  private static String envOrNull(Rendered r, String role, String name) {
    Container c = container(r.deployment(role));
    for (EnvVar e : c.getEnv()) {
      if (e.getName().equals(name)) {
        return e.getValue();
      }
    }
    for (EnvFromSource from : c.getEnvFrom()) {
      for (ConfigMap cm : r.all(ConfigMap.class)) {
        if (cm.getMetadata().getName().equals(from.getConfigMapRef().getName())
            && cm.getData().containsKey(name)) {
          return cm.getData().get(name);
        }
      }
    }
    return null;
  }

  private static String match(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex).isTrue();
    return m.group(1);
  }
}
