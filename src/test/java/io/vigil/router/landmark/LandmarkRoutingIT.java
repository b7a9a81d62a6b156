package io.vigil.router.landmark;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vigil.core.api.ProblemException;
import io.vigil.core.crypto.PersonalSignatures;
import io.vigil.testsupport.TestAuth;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/** Landmark routing through the real API, exchange and PostgreSQL. */
@QuarkusTest
class LandmarkRoutingIT {

  private static final String LOCK = "0x" + "5e".repeat(32);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The key of the server hosting Dave, a contact of Alice on another server. */
  private static final ECKeyPair DAVE_SERVER =
      ECKeyPair.create(Numeric.toBigInt("0x" + "d5".repeat(32)));

  private static final String DAVE_SERVER_ADDRESS =
      "0x" + Keys.getAddress(DAVE_SERVER.getPublicKey());
  private static final ECKeyPair MALLORY_SERVER =
      ECKeyPair.create(Numeric.toBigInt("0x" + "3a".repeat(32)));

  /** Nothing listens on the discard port: a server that cannot be reached. */
  private static final String UNREACHABLE = "http://127.0.0.1:9";

  private static final List<String> TABLES =
      List.of(
          "landmark_outbox",
          "landmark_pending",
          "landmark_sequence",
          "landmark_sent",
          "landmark_route",
          "landmark_contact",
          "landmark_user");

  @TestHTTPResource("/")
  URL base;

  @Inject AgroalDataSource dataSource;

  private LandmarkApi api;

  @BeforeEach
  void cleanTables() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("truncate " + String.join(", ", TABLES));
    }
    api = new LandmarkApi(base.toString());
  }

  private void seed() {
    for (String user : List.of("Alice", "Bob", "Charlie")) {
      api.addUser(user);
    }
    for (SeedExample.Line line : SeedExample.LINES) {
      api.addTrustline(line, null);
    }
  }

  /** Adds Dave, hosted on another server whose key is pinned, as a contact of Alice. */
  private void addDave() {
    api.raw()
        .body(
            Map.of(
                "kind",
                "CHANNEL",
                "spendableOut",
                10,
                "spendableIn",
                10,
                "server",
                UNREACHABLE,
                "serverKey",
                DAVE_SERVER_ADDRESS))
        .put("/v1/landmark/users/Alice/contacts/Dave")
        .then()
        .statusCode(201)
        .body("serverKey", equalTo(DAVE_SERVER_ADDRESS));
  }

  private int runUntilQuiet() {
    for (int window = 1; window <= 10; window++) {
      if (api.endWindow() == 0) {
        return window;
      }
    }
    throw new AssertionError("the exchange did not go quiet within 10 windows");
  }

  /** Rows in every landmark table, to prove a refused request wrote nothing. */
  private Map<String, Long> counts() throws SQLException {
    Map<String, Long> counts = new java.util.TreeMap<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String table : TABLES) {
        try (ResultSet result = statement.executeQuery("select count(*) from " + table)) {
          result.next();
          counts.put(table, result.getLong(1));
        }
      }
    }
    return counts;
  }

  @Test
  void shouldBuildEverySeedRowWhenTheExampleRunsThroughTheRealExchange() {
    seed();

    runUntilQuiet();

    List<SeedExample.Row> rows = new ArrayList<>();
    for (String user : List.of("Alice", "Bob", "Charlie")) {
      rows.addAll(api.routes(user));
    }
    assertThat(rows).containsExactlyInAnyOrderElementsOf(SeedExample.ROWS);
  }

  @Test
  void shouldPlanTheSeedTopUpAndLeaveTheRuleBalancesWhenApplied() {
    seed();
    runUntilQuiet();

    var plan =
        api.raw()
            .body(Map.of("contact", "Bob", "amount", 10, "hashLock", LOCK))
            .post("/v1/landmark/users/Alice/top-ups")
            .then()
            .statusCode(200)
            .body("outcome", equalTo("PLANNED"))
            .body("available", equalTo(5))
            .body("needed", equalTo(5))
            .body("limit", equalTo(5))
            .body("proposal.to", equalTo("Charlie"))
            .body("proposal.amount", equalTo(5))
            .body("proposal.hashLock", equalTo(LOCK))
            .extract()
            .jsonPath();
    assertThat(plan.getList("proposal.landmarks")).containsExactly("Alice:Bob", "Bob");
    List<String> cycle = plan.getList("cycle");
    assertThat(cycle).containsExactly("Alice", "Charlie", "Bob", "Alice");

    for (int i = 0; i + 1 < cycle.size(); i++) {
      transfer(cycle.get(i), cycle.get(i + 1), "SENT");
      transfer(cycle.get(i + 1), cycle.get(i), "RECEIVED");
    }

    // Alice owes Charlie 5 + 5 = 10 and Bob 5 - 5 = 0; Charlie now owes Bob 5.
    assertThat(api.contact("Alice", "Charlie")).containsEntry("capacityOut", 0);
    assertThat(((Map<?, ?>) api.contact("Alice", "Charlie").get("terms")).get("debt"))
        .isEqualTo(10);
    assertThat(((Map<?, ?>) api.contact("Alice", "Bob").get("terms")).get("debt")).isEqualTo(0);
    assertThat(((Map<?, ?>) api.contact("Charlie", "Bob").get("terms")).get("debt")).isEqualTo(5);
    assertThat(((Map<?, ?>) api.contact("Bob", "Alice").get("terms")).get("debt")).isEqualTo(0);
    assertThat(api.contact("Alice", "Bob")).containsEntry("capacityOut", 10);
    api.raw()
        .body(Map.of("contact", "Bob", "amount", 10, "hashLock", LOCK))
        .post("/v1/landmark/users/Alice/top-ups")
        .then()
        .statusCode(200)
        .body("outcome", equalTo("NOT_NEEDED"))
        .body("available", equalTo(10));
  }

  /** Sends {@code body} and expects a refusal with {@code status} naming {@code field}. */
  private void assertRefused(String method, String path, Object body, int status, String field) {
    assertRefused(api.raw().body(body).request(method, path), status, field);
  }

  private void transfer(String user, String contact, String direction) {
    api.raw()
        .body(Map.of("amount", 5, "direction", direction))
        .post("/v1/landmark/users/{user}/contacts/{contact}/transfers", user, contact)
        .then()
        .statusCode(200);
  }

  @Test
  void shouldRefuseUnknownUsersAndContactsAndStoreNothing() throws SQLException {
    seed();
    Map<String, Long> before = counts();

    assertRefused(api.raw().get("/v1/landmark/users/Nobody/routes"), 404, "user");
    assertRefused(
        "PUT",
        "/v1/landmark/users/Nobody/contacts/Alice",
        Map.of("kind", "TRUSTLINE", "trustGiven", 1, "trustReceived", 1),
        404,
        "user");
    assertRefused(
        "POST",
        "/v1/landmark/users/Alice/top-ups",
        Map.of("contact", "Nobody", "amount", 10, "hashLock", LOCK),
        404,
        "contact");
    assertRefused(
        "POST",
        "/v1/landmark/users/Alice/contacts/Nobody/transfers",
        Map.of("amount", 1, "direction", "SENT"),
        404,
        "contact");
    assertRefused(
        "PUT",
        "/v1/landmark/users/Alice/contacts/Remote",
        Map.of("kind", "TRUSTLINE", "trustGiven", 1, "trustReceived", 1),
        400,
        "server");

    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void shouldRefuseNegativeCapacityAndBadTermsAndStoreNothing() throws SQLException {
    seed();
    Map<String, Long> before = counts();

    // Alice owes Bob 15 on a trust of 10: cap(Alice -> Bob) would be -5.
    assertRefused(
        "PUT",
        "/v1/landmark/users/Alice/contacts/Bob",
        Map.of("kind", "TRUSTLINE", "trustGiven", 10, "trustReceived", 10, "debt", 15),
        400,
        "capacityOut");
    assertRefused(
        "PUT",
        "/v1/landmark/users/Alice/contacts/Bob",
        Map.of("kind", "TRUSTLINE", "trustGiven", -1, "trustReceived", 10),
        400,
        "trustGiven");
    assertRefused(
        "PUT",
        "/v1/landmark/users/Alice/contacts/Bob",
        Map.of("kind", "CHANNEL", "spendableOut", 5, "spendableIn", -2),
        400,
        "spendableIn");
    assertRefused(
        "PUT", "/v1/landmark/users/Alice/contacts/Bob", Map.of("kind", "BARTER"), 400, "kind");
    assertRefused(
        "POST",
        "/v1/landmark/users/Alice/contacts/Bob/transfers",
        Map.of("amount", 6, "direction", "SENT"),
        400,
        "amount");
    assertRefused(
        "POST",
        "/v1/landmark/users/Alice/top-ups",
        Map.of("contact", "Bob", "amount", -3, "hashLock", LOCK),
        400,
        "amount");
    assertRefused(
        "POST",
        "/v1/landmark/users/Alice/top-ups",
        Map.of("contact", "Bob", "amount", 10, "hashLock", "0x1234"),
        400,
        "hashLock");
    assertRefused(
        api.raw()
            .body(Map.of("key", LandmarkApi.keyOf("bad")))
            .put("/v1/landmark/users/{user}", "bad:name"),
        400,
        "user");

    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void shouldRefuseTermsWhoseCapacitiesWouldOverflowAndChangeNothing() throws SQLException {
    seed();
    Map<String, Long> before = counts();
    Map<String, Object> aliceBob = api.contact("Alice", "Bob");
    Map<String, String> refusals =
        Map.of(
            // wrapped around, these made both capacities Long.MAX_VALUE
            "{\"kind\":\"TRUSTLINE\",\"trustGiven\":0,\"trustReceived\":0,"
                + "\"debt\":-9223372036854775808,\"pendingOut\":1,\"pendingIn\":1}",
            "debt",
            "{\"kind\":\"TRUSTLINE\",\"trustGiven\":9223372036854775807,\"trustReceived\":10,"
                + "\"debt\":9223372036854775807}",
            "trustGiven",
            "{\"kind\":\"TRUSTLINE\",\"trustGiven\":10,\"trustReceived\":10,"
                + "\"pendingIn\":1000000000000000001}",
            "pendingIn",
            "{\"kind\":\"TRUSTLINE\",\"trustGiven\":10,\"trustReceived\":10,"
                + "\"debt\":100000000000000000000}",
            "debt",
            "{\"kind\":\"CHANNEL\",\"spendableOut\":9223372036854775807,\"spendableIn\":1}",
            "spendableOut");

    refusals.forEach(
        (body, field) ->
            api.raw()
                .body(body)
                .put("/v1/landmark/users/Alice/contacts/Bob")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo(field)));
    assertRefused(
        "POST",
        "/v1/landmark/users/Alice/contacts/Bob/transfers",
        Map.of("amount", Long.MAX_VALUE, "direction", "RECEIVED"),
        400,
        "amount");

    assertThat(counts()).isEqualTo(before);
    assertThat(api.contact("Alice", "Bob")).isEqualTo(aliceBob);
  }

  @Test
  void shouldRefuseRoutingFromANonContactOrWithMalformedLimitsAndStoreNothing()
      throws SQLException {
    seed();
    api.addUser("Mallory");
    addDave();
    Map<String, Long> before = counts();

    assertRefused(
        routing(
            "Mallory",
            "Alice",
            1,
            entry("Mallory", "Alice", "[\"Mallory\"]", "\"unlimited\"", "3")),
        403,
        "from");
    assertRefused(
        routing("Bob", "Nobody", 1, entry("Bob", "Nobody", "[\"Bob\"]", "1", "1")), 404, "to");
    assertRefused(
        routing("Bob", "Alice", 1, entry("Bob", "Alice", "[\"Bob\"]", "-1", "1")),
        400,
        "entries[0].maxTo");
    assertRefused(
        routing("Bob", "Alice", 1, entry("Bob", "Alice", "[\"Bob\"]", "1", "\"lots\"")),
        400,
        "entries[0].maxFrom");
    assertRefused(
        routing("Bob", "Alice", 1, entry("Bob", "Alice", "[\"Bob\"]", "1.5", "1")),
        400,
        "entries[0].maxTo");
    assertRefused(
        routing("Bob", "Alice", 1, entry("Bob", "Alice", "[\"Bob\"]", "null", "1")),
        400,
        "entries[0].maxTo");
    // the second entry loops back through Alice: the whole message is refused
    assertRefused(
        routing(
            "Dave",
            "Alice",
            1,
            entry("Dave", "Alice", "[\"Dave\"]", "1", "1")
                + ","
                + entry("Charlie", "Alice", "[\"Dave\",\"Alice\",\"Charlie\"]", "1", "1")),
        400,
        "entries[1].path");
    assertRefused(
        routing("Dave", "Alice", 0, entry("Dave", "Alice", "[\"Dave\"]", "1", "1")),
        400,
        "sequence");
    // Bob is hosted here: a message from him never comes from another server
    routing("Bob", "Alice", 1, entry("Bob", "Alice", "[\"Bob\"]", "1", "1"))
        .then()
        .statusCode(403)
        .body("type", equalTo("urn:vigil:problem:wrong-server-key"))
        .body("field", equalTo("signature"));
    String unsigned =
        "{\"server\":\""
            + DAVE_SERVER_ADDRESS
            + "\",\"from\":\"Dave\",\"to\":\"Alice\",\"sequence\":1,\"entries\":["
            + entry("Dave", "Alice", "[\"Dave\"]", "1", "1")
            + "]";
    for (String body :
        List.of(
            unsigned + "}",
            unsigned + ",\"signature\":\"0x1234\"}",
            unsigned + ",\"signature\":\"0x" + "00".repeat(65) + "\"}")) {
      assertRefused(
          given()
              .baseUri(base.toString())
              .contentType(ContentType.JSON)
              .body(body)
              .post("/v1/landmark/routing"),
          400,
          "signature");
    }
    assertRefused(
        given()
            .baseUri(base.toString())
            .contentType(ContentType.JSON)
            .body(unsigned.replace(DAVE_SERVER_ADDRESS, "Dave's server") + "}")
            .post("/v1/landmark/routing"),
        400,
        "server");
    given()
        .baseUri(base.toString())
        .contentType(ContentType.JSON)
        .body("{\"from\": \"Bob\", \"to\": ")
        .post("/v1/landmark/routing")
        .then()
        .statusCode(400);
    given()
        .baseUri(base.toString())
        .contentType(ContentType.JSON)
        .body(
            "{\"from\":\"Bob\",\"to\":\"Alice\",\"sequence\":1,\"entries\":["
                + String.join(
                    ",",
                    java.util.Collections.nCopies(
                        1200, entry("Bob", "Alice", "[\"Bob\"]", "1", "1")))
                + "]}")
        .post("/v1/landmark/routing")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:vigil:problem:too-large"))
        .body("field", equalTo("body"));

    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void shouldRefuseAnOversizedBodyOnEveryWritingEndpointWithATooLargeProblem() throws SQLException {
    seed();
    Map<String, Long> before = counts();
    String padding = "x".repeat(70_000);
    Map<String, String> posts =
        Map.of(
            "/v1/landmark/routing",
            "{\"from\":\"Bob\",\"to\":\"Alice\",\"sequence\":1,\"padding\":\"" + padding + "\"}",
            "/v1/landmark/users/Alice/contacts/Bob/transfers",
            "{\"amount\":1,\"direction\":\"SENT\",\"padding\":\"" + padding + "\"}",
            "/v1/landmark/users/Alice/top-ups",
            "{\"contact\":\"Bob\",\"amount\":1,\"hashLock\":\""
                + LOCK
                + "\",\"padding\":\""
                + padding
                + "\"}");

    posts.forEach(
        (path, body) ->
            TestAuth.operator()
                .baseUri(base.toString())
                .contentType(ContentType.JSON)
                .body(body)
                .post(path)
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:vigil:problem:too-large"))
                .body("status", equalTo(413))
                .body("field", equalTo("body"))
                .body("detail", equalTo("body: larger than the 65536-byte limit")));
    TestAuth.operator()
        .baseUri(base.toString())
        .contentType(ContentType.JSON)
        .body(
            "{\"kind\":\"CHANNEL\",\"spendableOut\":1,\"spendableIn\":1,\"padding\":\""
                + padding
                + "\"}")
        .put("/v1/landmark/users/Alice/contacts/Dave")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("field", equalTo("body"));

    assertThat(counts()).isEqualTo(before);
  }

  @Test
  void shouldAcceptAValidRoutingMessageOnceWhenItIsRedelivered() throws SQLException {
    seed();
    addDave();
    String body = entry("Dave", "Alice", "[\"Dave\"]", "\"unlimited\"", "\"unlimited\"");

    routing("Dave", "Alice", 1, body).then().statusCode(200).body("outcome", equalTo("ACCEPTED"));
    routing("Dave", "Alice", 1, body).then().statusCode(200).body("outcome", equalTo("DUPLICATE"));

    assertThat(api.routes("Alice"))
        .containsExactly(SeedExample.row("Alice", "Dave", "Alice", "Dave", null, null));
  }

  @Test
  void shouldRefuseRoutingSignedByAnotherKeyThanThePinnedOneAndChangeNothing() throws SQLException {
    seed();
    addDave();
    String body = entry("Dave", "Alice", "[\"Dave\"]", "\"unlimited\"", "\"unlimited\"");
    String mallory = "0x" + Keys.getAddress(MALLORY_SERVER.getPublicKey());
    Map<String, Long> before = counts();

    // another key, claiming to be Dave's server or naming itself
    routingSignedBy(MALLORY_SERVER, DAVE_SERVER_ADDRESS, api.serverAddress(), "Dave", 1, body)
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:vigil:problem:wrong-server-key"))
        .body("field", equalTo("signature"));
    routingSignedBy(MALLORY_SERVER, mallory, api.serverAddress(), "Dave", 1, body)
        .then()
        .statusCode(403)
        .body("type", equalTo("urn:vigil:problem:wrong-server-key"));
    // Dave's server's own signature, but for another server: replayed here, it is refused
    routingSignedBy(DAVE_SERVER, DAVE_SERVER_ADDRESS, mallory, "Dave", 1, body)
        .then()
        .statusCode(403)
        .body("type", equalTo("urn:vigil:problem:wrong-server-key"));

    assertThat(counts()).isEqualTo(before);
    assertThat(api.routes("Alice")).isEmpty();
    routing("Dave", "Alice", 1, body).then().statusCode(200).body("outcome", equalTo("ACCEPTED"));
  }

  @Test
  void shouldRefuseASequenceJumpBeyondTheBoundAndStillAcceptTheSendersNextMessage()
      throws SQLException {
    seed();
    addDave();
    String open = entry("Dave", "Alice", "[\"Dave\"]", "\"unlimited\"", "\"unlimited\"");
    String narrow = entry("Dave", "Alice", "[\"Dave\"]", "3", "4");
    routing("Dave", "Alice", 1, open).then().statusCode(200).body("outcome", equalTo("ACCEPTED"));
    Map<String, Long> before = counts();

    routing("Dave", "Alice", Long.MAX_VALUE, narrow)
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:vigil:problem:sequence-jump"))
        .body("field", equalTo("sequence"));
    assertRefused(routing("Dave", "Alice", 1002, narrow), 409, "sequence");

    assertThat(counts()).isEqualTo(before);
    assertThat(api.routes("Alice"))
        .containsExactly(SeedExample.row("Alice", "Dave", "Alice", "Dave", null, null));
    routing("Dave", "Alice", 2, narrow).then().statusCode(200).body("outcome", equalTo("ACCEPTED"));
    assertThat(api.routes("Alice"))
        .containsExactly(SeedExample.row("Alice", "Dave", "Alice", "Dave", 3L, 4L));
  }

  @Test
  void shouldPinTheServerKeyOnFirstUseAndRefuseAContactWhoseKeyCannotBeFound() throws SQLException {
    seed();
    String self = base.toString().replaceAll("/+$", "");
    Map<String, Object> terms = Map.of("kind", "CHANNEL", "spendableOut", 1, "spendableIn", 1);

    assertThat(api.serverAddress()).matches("0x[0-9a-f]{40}");
    Map<String, Object> fetched = new java.util.HashMap<>(terms);
    fetched.put("server", self);
    api.raw()
        .body(fetched)
        .put("/v1/landmark/users/Alice/contacts/Erin")
        .then()
        .statusCode(201)
        .body("serverKey", equalTo(api.serverAddress()));
    Map<String, Long> before = counts();

    Map<String, Object> unreachable = new java.util.HashMap<>(terms);
    unreachable.put("server", UNREACHABLE);
    api.raw()
        .body(unreachable)
        .put("/v1/landmark/users/Alice/contacts/Frank")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("field", equalTo("serverKey"));
    unreachable.put("serverKey", "0x1234");
    assertRefused("PUT", "/v1/landmark/users/Alice/contacts/Frank", unreachable, 400, "serverKey");
    Map<String, Object> local = new java.util.HashMap<>(terms);
    local.put("serverKey", DAVE_SERVER_ADDRESS);
    assertRefused("PUT", "/v1/landmark/users/Alice/contacts/Bob", local, 400, "serverKey");

    assertThat(counts()).isEqualTo(before);
  }

  private static String entry(
      String landmark, String approach, String path, String maxTo, String maxFrom) {
    return "{\"landmark\":\""
        + landmark
        + "\",\"approach\":\""
        + approach
        + "\",\"path\":"
        + path
        + ",\"maxTo\":"
        + maxTo
        + ",\"maxFrom\":"
        + maxFrom
        + "}";
  }

  /** Posts a ROUTING message to Alice's server, signed by Dave's server for this server. */
  /** Asserts that {@code response} is refused with {@code status}, naming {@code field}. */
  private static void assertRefused(
      io.restassured.response.Response response, int status, String field) {
    response.then().statusCode(status).body("field", equalTo(field));
  }

  private io.restassured.response.Response routing(
      String from, String to, long sequence, String entries) {
    return routingSignedBy(
        DAVE_SERVER, DAVE_SERVER_ADDRESS, api.serverAddress(), from, to, sequence, entries);
  }

  private io.restassured.response.Response routingSignedBy(
      ECKeyPair key, String server, String receiver, String from, long sequence, String entries) {
    return routingSignedBy(key, server, receiver, from, "Alice", sequence, entries);
  }

  /**
   * Posts a ROUTING message claiming to come from {@code server}, signed by {@code key} for the
   * server {@code receiver}. A message the endpoint cannot parse gets a well-formed signature of
   * nothing, since it is refused before the signature is looked at.
   */
  private io.restassured.response.Response routingSignedBy(
      ECKeyPair key,
      String server,
      String receiver,
      String from,
      String to,
      long sequence,
      String entries) {
    String fields =
        "\"from\":\""
            + from
            + "\",\"to\":\""
            + to
            + "\",\"sequence\":"
            + sequence
            + ",\"entries\":["
            + entries
            + "]";
    String signature = "0x" + "00".repeat(65);
    try {
      RoutingMessage message =
          JSON.readValue(
                  "{" + fields + ",\"server\":\"" + server + "\",\"signature\":\"-\"}",
                  LandmarkBodies.RoutingBody.class)
              .message();
      signature = sign(RoutingSignatures.payload(server, receiver, message), key);
    } catch (ProblemException | com.fasterxml.jackson.core.JsonProcessingException malformed) {
      // refused before its signature is checked
    }
    return given()
        .baseUri(base.toString())
        .contentType(ContentType.JSON)
        .body("{\"server\":\"" + server + "\"," + fields + ",\"signature\":\"" + signature + "\"}")
        .post("/v1/landmark/routing");
  }

  private static String sign(byte[] payload, ECKeyPair key) {
    return PersonalSignatures.sign(payload, key);
  }
}
