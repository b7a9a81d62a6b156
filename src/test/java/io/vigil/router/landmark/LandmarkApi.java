package io.vigil.router.landmark;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vigil.testsupport.TestAuth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Drives the landmark API of one Vigil server over HTTP, for the integration tests. */
final class LandmarkApi {

  private final String baseUrl;

  LandmarkApi(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  private RequestSpecification request() {
    return TestAuth.operator().baseUri(baseUrl).contentType(ContentType.JSON);
  }

  void addUser(String user) {
    request()
        .body(Map.of("key", keyOf(user)))
        .put("/v1/landmark/users/{user}", user)
        .then()
        .statusCode(201);
  }

  /** The address that owns {@code user} in these tests: a key derived from its name. */
  static String keyOf(String user) {
    return "0x" + org.web3j.crypto.Keys.getAddress(keysOf(user));
  }

  static org.web3j.crypto.ECKeyPair keysOf(String user) {
    return org.web3j.crypto.ECKeyPair.create(
        org.web3j.crypto.Hash.sha3(user.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  void addTrustline(SeedExample.Line line, String server) {
    addTrustline(line, server, null);
  }

  /** Adds a trustline to a contact on {@code server}, pinning {@code serverKey} when given. */
  void addTrustline(SeedExample.Line line, String server, String serverKey) {
    Map<String, Object> body = new java.util.HashMap<>();
    if (serverKey != null) {
      body.put("serverKey", serverKey);
    }
    body.put("kind", "TRUSTLINE");
    body.put("trustGiven", line.trustGiven());
    body.put("trustReceived", line.trustReceived());
    body.put("debt", line.debt());
    if (server != null) {
      body.put("server", server);
    }
    request()
        .body(body)
        .put("/v1/landmark/users/{user}/contacts/{contact}", line.user(), line.contact())
        .then()
        .statusCode(201);
  }

  /** Ends one window; returns the number of messages it sent. */
  int endWindow() {
    JsonPath result = window();
    return result.getInt("window.localMessages") + result.getInt("window.remoteMessages");
  }

  long pendingUsers() {
    return window().getLong("backlog.pendingUsers");
  }

  long queuedMessages() {
    return window().getLong("backlog.queuedMessages");
  }

  /** Ends one window; what the operator endpoint answers about it. */
  private JsonPath window() {
    return request().post("/v1/landmark/windows").then().statusCode(200).extract().jsonPath();
  }

  List<SeedExample.Row> routes(String user) {
    List<Map<String, Object>> rows =
        request()
            .get("/v1/landmark/users/{user}/routes", user)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getList("$");
    List<SeedExample.Row> result = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      result.add(
          new SeedExample.Row(
              (String) row.get("user"),
              (String) row.get("landmark"),
              (String) row.get("approach"),
              (String) row.get("contact"),
              Limit.parse(row.get("maxTo")).orElseThrow(),
              Limit.parse(row.get("maxFrom")).orElseThrow()));
    }
    return result;
  }

  /** A user's view of one contact (terms and capacities). */
  Map<String, Object> contact(String user, String contact) {
    return request()
        .get("/v1/landmark/users/{user}", user)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getMap("contacts.find { it.contact == '" + contact + "' }");
  }

  /** The address this server signs its ROUTING messages with. */
  String serverAddress() {
    return request()
        .get("/v1/landmark/server")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getString("address");
  }

  RequestSpecification raw() {
    return request();
  }
}
