package io.vigil.core.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.vigil.core.crypto.PersonalSignatures;
import io.vigil.testsupport.ManagementInterface;
import io.vigil.testsupport.TestAuth;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;

/**
 * Every operator endpoint refuses strangers and wrong credentials with a problem and writes
 * nothing; hosted users reach only their own data; logins are accepted once, before they expire.
 * Against the real PostgreSQL, with the application's own security configuration.
 */
@QuarkusTest
class AuthIT {

  /** The tables the refused requests could have written, compared row by row. */
  private static final List<String> TABLES =
      List.of(
          "router_link",
          "router_entry",
          "router_peer_cursor",
          "landmark_user",
          "landmark_contact",
          "landmark_route",
          "landmark_sent",
          "landmark_sequence",
          "landmark_pending",
          "landmark_outbox",
          "auth_login");

  private static final String LINK = "0x" + "5e".repeat(20);
  private static final String HASH = "0x" + "ab".repeat(32);

  private static final ECKeyPair ALICE = keys("alice");
  private static final ECKeyPair BOB = keys("bob");
  private static final ECKeyPair MALLORY = keys("mallory");

  @Inject AgroalDataSource dataSource;

  @TestHTTPResource(management = true)
  URL management;

  @BeforeEach
  void clean() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "truncate router_link, landmark_user, landmark_contact, landmark_route, landmark_sent,"
              + " landmark_sequence, landmark_pending, landmark_outbox, auth_login cascade");
    }
  }

  /** One operator request: what it is, and how to send it with some credentials. */
  private record Call(
      String name, java.util.function.Function<RequestSpecification, Response> send) {}

  private static List<Call> operatorCalls() {
    return List.of(
        new Call(
            "PUT /v1/routing/links/{address}",
            r ->
                r.contentType(ContentType.JSON)
                    .body(Map.of("kind", "CLIENT", "ourSpendable", "5"))
                    .put("/v1/routing/links/" + LINK)),
        new Call("GET /v1/routing/links", r -> r.get("/v1/routing/links")),
        new Call("GET /v1/routing/node", r -> r.get("/v1/routing/node")),
        new Call("GET /v1/routing/peers", r -> r.get("/v1/routing/peers")),
        new Call(
            "POST /v1/routing/entries/{hash}/completion",
            r ->
                r.contentType(ContentType.JSON)
                    .post("/v1/routing/entries/" + HASH + "/completion")),
        new Call(
            "POST /v1/landmark/windows",
            r -> r.contentType(ContentType.JSON).post("/v1/landmark/windows")),
        new Call(
            "PUT /v1/landmark/users/{user} for another key",
            r ->
                r.contentType(ContentType.JSON)
                    .body(Map.of("key", address(BOB)))
                    .put("/v1/landmark/users/Carol")),
        new Call(
            "GET /v1/watcher/channels/{id}",
            r -> r.get("/v1/watcher/channels/0x" + "77".repeat(32))));
  }

  @Test
  void shouldRefuseEveryOperatorEndpointWithoutTheOperatorsCredentialsAndWriteNothing()
      throws SQLException {
    Map<String, String> before = snapshot();
    String malloryToken = TestAuth.token(MALLORY);
    Map<String, String> afterLogin = snapshot();

    for (Call call : operatorCalls()) {
      Map<String, Supplier<RequestSpecification>> strangers =
          Map.of(
              "no credentials", () -> given(),
              "a wrong password",
                  () -> given().auth().preemptive().basic(TestAuth.OPERATOR, "guess"),
              "a wrong user",
                  () -> given().auth().preemptive().basic("admin", TestAuth.OPERATOR_PASSWORD),
              "a forged token", () -> given().auth().oauth2(forgedOperatorToken()),
              "a garbage token", () -> given().auth().oauth2("not.a.token"));
      strangers.forEach(
          (who, request) -> {
            Response answer = call.send().apply(request.get());
            assertThat(answer.statusCode()).as(call.name() + " with " + who).isEqualTo(401);
            assertThat(answer.contentType()).as(call.name()).startsWith("application/problem+json");
            assertThat(answer.jsonPath().getString("type"))
                .isEqualTo("urn:vigil:problem:unauthorized");
          });
      Response client = call.send().apply(given().auth().oauth2(malloryToken));
      if (call.name().startsWith("GET /v1/watcher")) {
        // A key holder may ask; it learns nothing of a channel it is not a party of.
        assertThat(client.statusCode()).as(call.name()).isEqualTo(404);
      } else {
        assertThat(client.statusCode())
            .as(call.name() + " with a key holder's token")
            .isEqualTo(403);
        assertThat(client.jsonPath().getString("type")).isEqualTo("urn:vigil:problem:forbidden");
      }
    }
    assertThat(snapshot()).isEqualTo(afterLogin);
    assertThat(without(afterLogin, "auth_login")).isEqualTo(without(before, "auth_login"));

    // The operator is served as before.
    TestAuth.operator()
        .contentType(ContentType.JSON)
        .body(Map.of("kind", "CLIENT", "ourSpendable", "5"))
        .put("/v1/routing/links/" + LINK)
        .then()
        .statusCode(200)
        .body("address", equalTo(LINK));
    TestAuth.operator().get("/v1/routing/links").then().statusCode(200).body("size()", equalTo(1));
    TestAuth.operator().get("/v1/routing/node").then().statusCode(200);
    TestAuth.operator().get("/v1/routing/peers").then().statusCode(200);
    TestAuth.operator()
        .contentType(ContentType.JSON)
        .post("/v1/routing/entries/" + HASH + "/completion")
        .then()
        .statusCode(404);
    TestAuth.operator()
        .contentType(ContentType.JSON)
        .post("/v1/landmark/windows")
        .then()
        .statusCode(200);
    TestAuth.operator()
        .contentType(ContentType.JSON)
        .body(Map.of("key", address(BOB)))
        .put("/v1/landmark/users/Carol")
        .then()
        .statusCode(201)
        .body("key", equalTo(address(BOB)));
    TestAuth.operator().get("/v1/watcher/channels/0x" + "77".repeat(32)).then().statusCode(404);
  }

  @Test
  void shouldLetAHostedUserReachOnlyItsOwnData() throws SQLException {
    host("Alice", ALICE);
    host("Bob", BOB);
    trust("Alice", "Bob", TestAuth.operator());
    trust("Bob", "Alice", TestAuth.operator());
    String alice = TestAuth.token(ALICE);
    String bob = TestAuth.token(BOB);
    Map<String, String> before = snapshot();

    // Alice's token on Bob's data: refused, whatever the request, and whether Bob exists or not.
    for (String user : List.of("Bob", "Nobody")) {
      List<Response> answers =
          List.of(
              given().auth().oauth2(alice).get("/v1/landmark/users/" + user),
              given().auth().oauth2(alice).get("/v1/landmark/users/" + user + "/routes"),
              given()
                  .auth()
                  .oauth2(alice)
                  .contentType(ContentType.JSON)
                  .body(Map.of("kind", "TRUSTLINE", "trustGiven", 1, "trustReceived", 1, "debt", 0))
                  .put("/v1/landmark/users/" + user + "/contacts/Alice"),
              given().auth().oauth2(alice).delete("/v1/landmark/users/" + user + "/contacts/Alice"),
              given()
                  .auth()
                  .oauth2(alice)
                  .contentType(ContentType.JSON)
                  .body(Map.of("amount", 1, "direction", "SENT"))
                  .post("/v1/landmark/users/" + user + "/contacts/Alice/transfers"),
              given()
                  .auth()
                  .oauth2(alice)
                  .contentType(ContentType.JSON)
                  .body(Map.of("contact", "Alice", "amount", 1, "hashLock", HASH))
                  .post("/v1/landmark/users/" + user + "/top-ups"),
              // Taking Bob over by hosting him again under Alice's key.
              given()
                  .auth()
                  .oauth2(alice)
                  .contentType(ContentType.JSON)
                  .body(Map.of("key", address(ALICE)))
                  .put("/v1/landmark/users/Bob"));
      for (Response answer : answers) {
        assertThat(answer.statusCode()).as(answer.body().asString()).isEqualTo(403);
        assertThat(answer.contentType()).startsWith("application/problem+json");
      }
    }
    assertThat(snapshot()).isEqualTo(before);

    // Each reaches its own.
    given()
        .auth()
        .oauth2(alice)
        .get("/v1/landmark/users/Alice")
        .then()
        .statusCode(200)
        .body("key", equalTo(address(ALICE)))
        .body("contacts[0].contact", equalTo("Bob"));
    given().auth().oauth2(bob).get("/v1/landmark/users/Bob/routes").then().statusCode(200);
    given()
        .auth()
        .oauth2(bob)
        .contentType(ContentType.JSON)
        .body(Map.of("amount", 1, "direction", "SENT"))
        .post("/v1/landmark/users/Bob/contacts/Alice/transfers")
        .then()
        .statusCode(200);
    // A key holder may host itself, under its own key only.
    ECKeyPair dave = keys("dave");
    given()
        .auth()
        .oauth2(TestAuth.token(dave))
        .contentType(ContentType.JSON)
        .body(Map.of("key", address(dave)))
        .put("/v1/landmark/users/Dave")
        .then()
        .statusCode(201);
    given()
        .auth()
        .oauth2(alice)
        .contentType(ContentType.JSON)
        .body(Map.of("key", address(dave)))
        .put("/v1/landmark/users/Eve")
        .then()
        .statusCode(403);
    // No credentials at all: 401.
    given().get("/v1/landmark/users/Alice").then().statusCode(401);
  }

  @Test
  void shouldAcceptALoginOnceAndOnlyBeforeItExpires() throws SQLException {
    Login good = TestAuth.login(ALICE);
    token(good).then().statusCode(200).body("address", equalTo(address(ALICE)));
    Map<String, String> afterFirst = snapshot();

    token(good)
        .then()
        .statusCode(401)
        .body("type", equalTo("urn:vigil:problem:login-replayed"))
        .body("field", equalTo("nonce"));
    long past = Instant.now().getEpochSecond() - 1;
    token(signed(ALICE, past, UUID.randomUUID().toString()))
        .then()
        .statusCode(401)
        .body("type", equalTo("urn:vigil:problem:login-expired"));
    token(signed(ALICE, Instant.now().getEpochSecond() + 3_600, UUID.randomUUID().toString()))
        .then()
        .statusCode(400)
        .body("field", equalTo("expires"));
    Login byMallory = signed(MALLORY, Instant.now().getEpochSecond() + 60, "n0nce-123");
    token(new Login(address(ALICE), byMallory.expires(), byMallory.nonce(), byMallory.signature()))
        .then()
        .statusCode(401)
        .body("type", equalTo("urn:vigil:problem:wrong-signer"));
    // Signed for another deployment.
    long expires = Instant.now().getEpochSecond() + 60;
    String elsewhere = Login.text("other-deployment", address(ALICE), expires, "n0nce-456");
    token(
            new Login(
                address(ALICE),
                expires,
                "n0nce-456",
                PersonalSignatures.sign(elsewhere.getBytes(StandardCharsets.UTF_8), ALICE)))
        .then()
        .statusCode(401);
    assertThat(snapshot()).isEqualTo(afterFirst);
  }

  @Test
  void shouldRefuseATokenSignedByAnotherKeyOrExpired() throws Exception {
    host("Alice", ALICE);
    var other = KeyPairGenerator.getInstance("RSA");
    other.initialize(2048);
    String foreign =
        Jwt.issuer(Logins.ISSUER)
            .audience("vigil")
            .subject(address(ALICE))
            .upn(address(ALICE))
            .groups(Set.of(Roles.CLIENT, Roles.OPERATOR))
            .expiresAt(Instant.now().getEpochSecond() + 600)
            .sign(other.generateKeyPair().getPrivate());
    given().auth().oauth2(foreign).get("/v1/landmark/users/Alice").then().statusCode(401);
    String expired =
        Jwt.issuer(Logins.ISSUER)
            .audience("vigil")
            .subject(address(ALICE))
            .upn(address(ALICE))
            .groups(Set.of(Roles.CLIENT))
            .issuedAt(Instant.now().getEpochSecond() - 1_200)
            .expiresAt(Instant.now().getEpochSecond() - 600)
            .sign();
    given().auth().oauth2(expired).get("/v1/landmark/users/Alice").then().statusCode(401);
    given()
        .auth()
        .oauth2(TestAuth.token(ALICE))
        .get("/v1/landmark/users/Alice")
        .then()
        .statusCode(200);
  }

  @Test
  void shouldDeclareBothSchemesAndWhichEachEndpointAcceptsInTheOpenApiDocument() {
    var document =
        ManagementInterface.given(management)
            .queryParam("format", "json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(document.getString("components.securitySchemes.operator.type")).isEqualTo("http");
    assertThat(document.getString("components.securitySchemes.operator.scheme")).isEqualTo("basic");
    assertThat(document.getString("components.securitySchemes.keyHolder.scheme"))
        .isEqualTo("bearer");
    assertThat(document.getString("components.securitySchemes.keyHolder.bearerFormat"))
        .isEqualTo("JWT");
    assertThat(document.getList("paths.'/v1/routing/links'.get.security"))
        .isEqualTo(List.of(Map.of("operator", List.of())));
    assertThat(document.getList("paths.'/v1/landmark/users/{user}/routes'.get.security"))
        .containsExactlyInAnyOrder(Map.of("operator", List.of()), Map.of("keyHolder", List.of()));
    assertThat(document.getList("paths.'/v1/watcher/info'.get.security")).isNull();
  }

  private static String forgedOperatorToken() {
    try {
      var other = KeyPairGenerator.getInstance("RSA");
      other.initialize(2048);
      return Jwt.issuer(Logins.ISSUER)
          .audience("vigil")
          .subject("operator")
          .groups(Set.of(Roles.OPERATOR, Roles.CLIENT))
          .expiresAt(Instant.now().getEpochSecond() + 600)
          .sign(other.generateKeyPair().getPrivate());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Response token(Login login) {
    return given().contentType(ContentType.JSON).body(login).post("/v1/auth/tokens");
  }

  private static Login signed(ECKeyPair keys, long expires, String nonce) {
    String text = Login.text("vigil", address(keys), expires, nonce);
    return new Login(
        address(keys),
        expires,
        nonce,
        PersonalSignatures.sign(text.getBytes(StandardCharsets.UTF_8), keys));
  }

  private static void host(String user, ECKeyPair keys) {
    TestAuth.operator()
        .contentType(ContentType.JSON)
        .body(Map.of("key", address(keys)))
        .put("/v1/landmark/users/" + user)
        .then()
        .statusCode(201);
  }

  private static void trust(String user, String contact, RequestSpecification as) {
    as.contentType(ContentType.JSON)
        .body(Map.of("kind", "TRUSTLINE", "trustGiven", 10, "trustReceived", 10, "debt", 0))
        .put("/v1/landmark/users/" + user + "/contacts/" + contact)
        .then()
        .statusCode(201);
  }

  private static ECKeyPair keys(String name) {
    return ECKeyPair.create(Hash.sha3(("auth-it-" + name).getBytes(StandardCharsets.UTF_8)));
  }

  private static String address(ECKeyPair keys) {
    return "0x" + Keys.getAddress(keys);
  }

  private static Map<String, String> without(Map<String, String> snapshot, String table) {
    Map<String, String> rest = new TreeMap<>(snapshot);
    rest.remove(table);
    return rest;
  }

  /** Each table's row count and a checksum of its rows. */
  private Map<String, String> snapshot() throws SQLException {
    Map<String, String> tables = new TreeMap<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String table : TABLES) {
        try (ResultSet result =
            statement.executeQuery(
                "select count(*) || ' ' || coalesce(md5(string_agg(t::text, ',' order by"
                    + " t::text)), '-') from "
                    + table
                    + " t")) {
          result.next();
          tables.put(table, result.getString(1));
        }
      }
    }
    return tables;
  }
}
