package io.vigil.testsupport;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.URL;

/**
 * Requests to the management interface of the application a {@code @QuarkusTest} runs: health,
 * metrics and OpenAPI live there, not on the port RestAssured aims at by default. The test injects
 * the interface's URL with {@code @TestHTTPResource(management = true)}, the one source that knows
 * the port picked at start, and the request paths keep their {@code /q} prefix, as on a pod.
 */
public final class ManagementInterface {

  private ManagementInterface() {}

  /** A request to the host and port of {@code management}; its path is ignored. */
  public static RequestSpecification given(URL management) {
    return RestAssured.given()
        .baseUri(management.getProtocol() + "://" + management.getHost())
        .port(management.getPort());
  }
}
