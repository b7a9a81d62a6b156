package io.vigil.core;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.ManagementInterface;
import io.vigil.testsupport.TestAuth;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Health, metrics, OpenAPI and the Swagger UI are served on the management interface and nowhere
 * else: the public port answers 404 for every /q path, and the management port serves no API.
 */
@QuarkusTest
class ManagementInterfaceIT {

  /** Every endpoint that moved, as a pod's probes, Prometheus and operators ask for it. */
  static final List<String> MANAGEMENT_PATHS =
      List.of(
          "/q/metrics",
          "/q/health",
          "/q/health/live",
          "/q/health/ready",
          "/q/health/started",
          "/q/openapi",
          "/q/swagger-ui",
          "/q/swagger-ui/");

  @TestHTTPResource(management = true)
  URL management;

  @TestHTTPResource("/")
  URL api;

  @Test
  void shouldAnswerNotFoundWhenAManagementPathIsAskedOnThePublicPort() {
    assertThat(management.getPort()).as("a port of its own").isNotEqualTo(api.getPort());
    for (String path : MANAGEMENT_PATHS) {
      given().redirects().follow(false).get(path).then().statusCode(404);
    }
    given().get("/q/").then().statusCode(404);
    given().get("/q/metrics/anything").then().statusCode(404);
  }

  @Test
  void shouldServeMetricsHealthAndOpenApiWhenAskedOnTheManagementPort() {
    Await.until(
        "readiness on the management port",
        Duration.ofSeconds(60),
        () -> ManagementInterface.given(management).get("/q/health/ready").statusCode() == 200);

    ManagementInterface.given(management)
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("# TYPE jvm_"));
    for (String probe : List.of("/q/health/live", "/q/health/ready", "/q/health/started")) {
      ManagementInterface.given(management)
          .get(probe)
          .then()
          .statusCode(200)
          .body("status", equalTo("UP"));
    }
    ManagementInterface.given(management)
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(containsString("Vigil API"))
        .body(containsString("/v1/watcher/info"));
    ManagementInterface.given(management)
        .get("/q/swagger-ui/")
        .then()
        .statusCode(200)
        .body(containsString("swagger"));
  }

  @Test
  void shouldServeNoApiWhenAnApiPathIsAskedOnTheManagementPort() {
    String malformed = "/v1/watcher/channels/0x1234";
    TestAuth.operator()
        .get(malformed)
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    ManagementInterface.given(management).get(malformed).then().statusCode(404);
  }
}
