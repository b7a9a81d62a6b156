package io.vigil.router.payinit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vigil.client.cli.VigilCli;
import io.vigil.client.payinit.PaymentInit;
import io.vigil.client.payinit.PaymentInitCipher;
import io.vigil.client.payinit.PaymentInitKey;
import io.vigil.core.crypto.PrivateKey;
import io.vigil.core.protocol.PaymentInitEnvelope;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.TestAuth;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;

/**
 * Payment-initialization delivery through the real API and PostgreSQL: what is stored, who sees it,
 * and the limits. The test profile holds at most 5 envelopes per recipient.
 */
@QuarkusTest
class PaymentInitIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String AMOUNT = "31337.4242";

  @TestHTTPResource("/")
  URL base;

  @Inject AgroalDataSource dataSource;
  @Inject PaymentInitExpiry expiry;

  private final PaymentInitCipher cipher = new PaymentInitCipher(RANDOM);
  private Party alice;
  private Party bob;
  private Party carol;

  /** A key holder of this test: fresh keys each test, so no rate bucket carries over. */
  private record Party(String keyHex, ECKeyPair keys, PaymentInitKey key) {
    static Party fresh() {
      byte[] secret = new byte[32];
      RANDOM.nextBytes(secret);
      String hex = "0x" + HexFormat.of().formatHex(secret);
      PrivateKey key = PrivateKey.of(hex);
      return new Party(hex, ECKeyPair.create(key.secret()), PaymentInitKey.inMemory(key));
    }

    String address() {
      return key.address().hex();
    }

    String publicKeyHex() {
      return "0x" + HexFormat.of().formatHex(key.publicKey());
    }

    RequestSpecification api() {
      return TestAuth.client(keys).contentType("application/json");
    }
  }

  @BeforeEach
  void freshParties() throws SQLException {
    execute("truncate payment_init");
    alice = Party.fresh();
    bob = Party.fresh();
    carol = Party.fresh();
  }

  @Test
  void shouldStoreOnlyCiphertextAndDeliverOnceToTheRecipient() throws Exception {
    String secret = randomSecret();
    String id = send(alice, bob, PaymentInit.of(secret, AMOUNT));

    String stored = everyColumnAsText();
    assertThat(stored).contains(id).contains(bob.address());
    assertThat(stored.toLowerCase()).doesNotContain(secret.substring(2)).doesNotContain(AMOUNT);
    assertThat(new String(envelopeBytes(id), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("secret")
        .doesNotContain("amount")
        .doesNotContain(AMOUNT);

    JsonNode listed = list(bob);
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("sender").asText()).isEqualTo(alice.address());
    byte[] envelope = PaymentInitEnvelope.fromHex(listed.get(0).get("envelope").asText()).get();
    var opened = PaymentInitCipher.open(bob.key(), envelope);
    assertThat(opened).isInstanceOf(PaymentInitCipher.Opened.Readable.class);
    PaymentInit init = ((PaymentInitCipher.Opened.Readable) opened).init();
    assertThat(init.secret().hex()).isEqualTo(secret);
    assertThat(init.amountText()).isEqualTo(AMOUNT);

    bob.api().delete("/v1/pay-inits/" + id).then().statusCode(204);
    assertThat(list(bob)).isEmpty();
    assertThat(rows()).isZero();
    bob.api().delete("/v1/pay-inits/" + id).then().statusCode(404).body("field", equalTo("id"));
  }

  @Test
  void shouldShowAndDeleteNothingOfTheRecipientsToAnotherKey() throws Exception {
    String id = send(alice, bob, PaymentInit.of(randomSecret(), AMOUNT));

    carol.api().get("/v1/pay-inits").then().statusCode(200).body("paymentInits", empty());
    alice.api().get("/v1/pay-inits").then().statusCode(200).body("paymentInits", empty());
    carol.api().delete("/v1/pay-inits/" + id).then().statusCode(404);
    alice.api().delete("/v1/pay-inits/" + id).then().statusCode(404);
    carol.api().delete("/v1/pay-inits/not-an-id").then().statusCode(404);

    assertThat(rows()).isEqualTo(1);
    assertThat(list(bob)).hasSize(1);
  }

  @Test
  void shouldRefuseStrangersAndTheOperatorAndWriteNothing() throws Exception {
    String id = send(alice, bob, PaymentInit.of(randomSecret(), AMOUNT));
    Map<String, Object> body = body(bob, cipher.encrypt(bob.key().publicKey(), init()), null);

    given().contentType("application/json").body(body).post("/v1/pay-inits").then().statusCode(401);
    given().get("/v1/pay-inits").then().statusCode(401);
    given().delete("/v1/pay-inits/" + id).then().statusCode(401);
    TestAuth.operator()
        .contentType("application/json")
        .body(body)
        .post("/v1/pay-inits")
        .then()
        .statusCode(403);
    TestAuth.operator().get("/v1/pay-inits").then().statusCode(403);

    assertThat(rows()).isEqualTo(1);
    assertThat(list(bob)).hasSize(1);

    TestAuth.operator().delete("/v1/pay-inits/" + id).then().statusCode(204);
    assertThat(rows()).isZero();
  }

  @Test
  void shouldRefuseMalformedAndOversizedRequestsNamingTheField() throws Exception {
    byte[] good = cipher.encrypt(bob.key().publicKey(), init());
    byte[] wrongVersion = good.clone();
    wrongVersion[0] = 2;
    long now = Instant.now().getEpochSecond();

    refused(Map.of("envelope", hex(good)), 400, "recipient");
    refused(Map.of("recipient", "0x1234", "envelope", hex(good)), 400, "recipient");
    refused(Map.of("recipient", bob.address()), 400, "envelope");
    refused(Map.of("recipient", bob.address(), "envelope", "0xzz"), 400, "envelope");
    refused(body(bob, wrongVersion, null), 400, "envelope");
    refused(body(bob, new byte[40], null), 400, "envelope");
    refused(body(bob, new byte[PaymentInitEnvelope.MAX_BYTES + 1], null), 413, "envelope");
    refused(body(bob, good, now - 10), 400, "expiresAt");
    refused(body(bob, good, now + Duration.ofDays(8).toSeconds()), 400, "expiresAt");

    assertThat(rows()).isZero();
  }

  @Test
  void shouldRefuseARecipientOverItsQuotaUntilItFetches() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(send(alice, bob, init()));
    }

    alice
        .api()
        .body(body(bob, cipher.encrypt(bob.key().publicKey(), init()), null))
        .post("/v1/pay-inits")
        .then()
        .statusCode(429)
        .header("Retry-After", notNullValue())
        .body("field", equalTo("recipient"));
    assertThat(rows()).isEqualTo(5);

    send(alice, carol, init());
    bob.api().delete("/v1/pay-inits/" + ids.get(0)).then().statusCode(204);
    send(alice, bob, init());
    assertThat(list(bob)).hasSize(5);
  }

  @Test
  void shouldLimitASenderAcrossRecipients() throws Exception {
    String token = TestAuth.token(alice.keys());
    int accepted = 0;
    io.restassured.response.Response answer;
    do { // a burst of 20, then 0.2 per second: refused well before 60
      Party recipient = Party.fresh();
      answer =
          given()
              .auth()
              .oauth2(token)
              .contentType("application/json")
              .body(body(recipient, cipher.encrypt(recipient.key().publicKey(), init()), null))
              .post("/v1/pay-inits");
      if (answer.statusCode() == 201) {
        accepted++;
      }
    } while (answer.statusCode() == 201 && accepted < 60);
    long before = rows();

    assertThat(accepted).isBetween(20, 30);
    answer
        .then()
        .statusCode(429)
        .header("Retry-After", notNullValue())
        .body("type", equalTo("urn:vigil:problem:rate-limited"))
        .body("field", equalTo("sender"));
    assertThat(before).isEqualTo(accepted);
  }

  @Test
  void shouldStopListingAnExpiredEnvelopeAndDeleteIt() throws Exception {
    long soon = Instant.now().getEpochSecond() + 6;
    String id =
        alice
            .api()
            .body(body(bob, cipher.encrypt(bob.key().publicKey(), init()), soon))
            .post("/v1/pay-inits")
            .then()
            .statusCode(201)
            .body("expiresAt", equalTo((int) soon))
            .extract()
            .path("id");
    assertThat(list(bob)).hasSize(1);

    Await.until("the envelope expired", Duration.ofSeconds(30), () -> list(bob).isEmpty());
    send(alice, bob, init());
    execute("update payment_init set expires_at = now() - interval '1 second'");

    assertThat(expiry.expire()).isGreaterThanOrEqualTo(1);
    assertThat(rows()).isZero();
  }

  @Test
  void shouldSendAndFetchThroughTheCli() throws Exception {
    String secret = randomSecret();

    Cli sent =
        cli(
            "pay-init",
            "send",
            "--json",
            "--server",
            server(),
            "--to-pubkey",
            bob.publicKeyHex(),
            "--secret",
            secret,
            "--amount",
            AMOUNT,
            "--key",
            alice.keyHex());

    assertThat(sent.code()).as(sent.err()).isZero();
    JsonNode answer = JSON.readTree(sent.out());
    assertThat(answer.get("recipient").asText()).isEqualTo(bob.address());
    assertThat(answer.get("deliveries")).hasSize(1);
    assertThat(rows()).isEqualTo(1);

    Cli byCarol = cli("pay-init", "fetch", "--json", "--server", server(), "--key", carol.keyHex());
    assertThat(byCarol.code()).as(byCarol.err()).isZero();
    assertThat(JSON.readTree(byCarol.out()).get("paymentInits")).isEmpty();
    assertThat(rows()).isEqualTo(1);

    Cli fetched = cli("pay-init", "fetch", "--json", "--server", server(), "--key", bob.keyHex());
    assertThat(fetched.code()).as(fetched.err()).isZero();
    JsonNode inits = JSON.readTree(fetched.out()).get("paymentInits");
    assertThat(inits).hasSize(1);
    assertThat(inits.get(0).get("secret").asText()).isEqualTo(secret);
    assertThat(inits.get(0).get("amount").asText()).isEqualTo(AMOUNT);
    assertThat(inits.get(0).get("hash").asText()).isEqualTo(PaymentInit.of(secret, AMOUNT).hash());
    assertThat(inits.get(0).get("sender").asText()).isEqualTo(alice.address());
    assertThat(rows()).isZero();

    Cli again = cli("pay-init", "fetch", "--json", "--server", server(), "--key", bob.keyHex());
    assertThat(JSON.readTree(again.out()).get("paymentInits")).isEmpty();

    Cli key = cli("pay-init", "key", "--json", "--key", bob.keyHex());
    assertThat(JSON.readTree(key.out()).get("publicKey").asText()).isEqualTo(bob.publicKeyHex());
  }

  @Test
  void shouldExitRefusedWhenTheCliIsNotLoggedIn() throws Exception {
    Cli refused =
        cli(
            "pay-init",
            "send",
            "--json",
            "--server",
            server(),
            "--audience",
            "another",
            "--to-pubkey",
            bob.publicKeyHex(),
            "--amount",
            AMOUNT,
            "--key",
            alice.keyHex());

    assertThat(refused.code()).isEqualTo(1);
    assertThat(JSON.readTree(refused.out()).at("/error/code").asText()).isEqualTo("unauthorized");
    assertThat(rows()).isZero();
  }

  private record Cli(int code, String out, String err) {}

  private static Cli cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = VigilCli.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Cli(code, out.toString(), err.toString());
  }

  private String server() {
    String url = base.toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private String send(Party from, Party to, PaymentInit init) {
    return from.api()
        .body(body(to, cipher.encrypt(to.key().publicKey(), init), null))
        .post("/v1/pay-inits")
        .then()
        .statusCode(201)
        .body("id", notNullValue())
        .extract()
        .path("id");
  }

  private void refused(Map<String, Object> body, int status, String field) {
    alice
        .api()
        .body(body)
        .post("/v1/pay-inits")
        .then()
        .statusCode(status)
        .body("field", equalTo(field));
  }

  private JsonNode list(Party party) {
    String answer = party.api().get("/v1/pay-inits").then().statusCode(200).extract().asString();
    try {
      return JSON.readTree(answer).get("paymentInits");
    } catch (java.io.IOException unreadable) {
      throw new AssertionError(unreadable);
    }
  }

  private static Map<String, Object> body(Party to, byte[] envelope, Long expiresAt) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("recipient", to.address());
    body.put("envelope", hex(envelope));
    if (expiresAt != null) {
      body.put("expiresAt", expiresAt);
    }
    return body;
  }

  private static PaymentInit init() {
    return PaymentInit.of(randomSecret(), "1");
  }

  private static String randomSecret() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return "0x" + HexFormat.of().formatHex(secret);
  }

  private static String hex(byte[] bytes) {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  private long rows() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("select count(*) from payment_init")) {
      result.next();
      return result.getLong(1);
    }
  }

  /** Every row, every column, as PostgreSQL renders it (bytea as hex). */
  private String everyColumnAsText() throws SQLException {
    StringBuilder all = new StringBuilder();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery("select row_to_json(p)::text from payment_init p")) {
      while (result.next()) {
        all.append(result.getString(1)).append('\n');
      }
    }
    return all.toString();
  }

  private byte[] envelopeBytes(String id) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        var statement =
            connection.prepareStatement("select envelope from payment_init where id = ?::uuid")) {
      statement.setString(1, id);
      try (ResultSet result = statement.executeQuery()) {
        assertThat(result.next()).isTrue();
        return result.getBytes(1);
      }
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
