package io.vigil.core.role;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.router.RouterProbe;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.KafkaBroker;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.watcher.WatcherProbe;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Shared checks: the active role's parts run, the inactive role's parts do not. */
abstract class RoleGating {

  @Inject WatcherProbe watcher;
  @Inject RouterProbe router;

  /** Members currently consuming in a consumer group (none for a group that never started). */
  static int members(String group) throws Exception {
    Properties props = new Properties();
    props.put(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        TestInfrastructure.get().kafka().bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().size();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
        return 0; // never joined by anyone
      }
      throw e;
    }
  }

  static void publishProbe(String value) {
    try (KafkaProducer<String, String> producer =
        KafkaBroker.producer(TestInfrastructure.get().kafka().bootstrapServers())) {
      producer.send(new ProducerRecord<>("vigil.test.role-probe", value, value));
      producer.flush();
    }
  }

  /** Publishes a probe, waits until the active role consumed it, then checks the inactive one. */
  void assertOnlyActiveRoleRuns(boolean routerActive) throws Exception {
    String activePath = routerActive ? "/v1/test/router-probe" : "/v1/test/watcher-probe";
    String inactivePath = routerActive ? "/v1/test/watcher-probe" : "/v1/test/router-probe";
    given().get(activePath).then().statusCode(200);
    given().get(inactivePath).then().statusCode(404);

    publishProbe("probe-" + System.nanoTime());
    Await.until(
        "the active role's consumer to receive the probe",
        Duration.ofSeconds(60),
        () -> (routerActive ? router.consumed() : watcher.consumed()) > 0);
    Await.until(
        "the active role's scheduled job to run",
        Duration.ofSeconds(10),
        () -> (routerActive ? router.ticks() : watcher.ticks()) > 2);

    assertThat(routerActive ? watcher.consumed() : router.consumed()).isZero();
    assertThat(routerActive ? watcher.ticks() : router.ticks()).isZero();
    String inactiveGroup = routerActive ? "watcher-probe" : "router-probe";
    String activeGroup = routerActive ? "router-probe" : "watcher-probe";
    assertThat(members(activeGroup)).isPositive();
    assertThat(members(inactiveGroup)).isZero();
  }
}
