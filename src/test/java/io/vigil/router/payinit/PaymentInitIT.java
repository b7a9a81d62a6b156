package io.vigil.router.payinit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.client.payinit.PaymentInit;
import io.vigil.client.payinit.PaymentInitCipher;
import io.vigil.core.protocol.PaymentInitEnvelope;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.TestAuth;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Payment-initialization delivery through the real API and PostgreSQL: what is stored, who sees it,
 * and the limits. The test profile holds at most 5 envelopes per recipient. {@link
 * PaymentInitCliIT} drives the same server through the CLI.
 */
@QuarkusTest
class PaymentInitIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String AMOUNT = "31337.4242";

  @Inject AgroalDataSource dataSource;
  @Inject PaymentInitExpiry expiry;

  private final PaymentInitCipher cipher = new PaymentInitCipher(RANDOM);
  private Party alice;
  private Party bob;
  private Party carol;

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
    return PaymentInitRows.count(dataSource);
  }

  private String everyColumnAsText() throws SQLException {
    return PaymentInitRows.everyColumnAsText(dataSource);
  }

  private byte[] envelopeBytes(String id) throws SQLException {
    return PaymentInitRows.envelope(dataSource, id);
  }

  private void execute(String sql) throws SQLException {
    PaymentInitRows.execute(dataSource, sql);
  }
}
