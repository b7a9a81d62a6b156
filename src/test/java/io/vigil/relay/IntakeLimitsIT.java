package io.vigil.relay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vigil.relay.fee.Fees;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.StoredRows;
import io.vigil.testsupport.TestInfrastructure;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * The intake limits of the relay (per sender, per channel) and of the router's originations (per
 * client), on the shared buckets: a stranger sending too fast gets 429 with a Retry-After, and
 * nothing of the refused request is written.
 */
@QuarkusTest
@TestProfile(IntakeLimitsIT.Tight.class)
class IntakeLimitsIT {

  /** The relay tests' application with limits of two transactions, one post, one origination. */
  public static class Tight extends ExtendedRelayTestProfile {
    public Tight() {
      super(
          """
        vigil.relay.raw.rate-per-sender=0.001
        vigil.relay.raw.burst-per-sender=2
        vigil.relay.posts.rate-per-channel=0.001
        vigil.relay.posts.burst-per-channel=1
        vigil.router.origination-rate-per-client=0.001
        vigil.router.origination-burst-per-client=1
        """);
    }
  }

  static RelayTestChain chain;
  static String hub;

  @Inject EntityManager entityManager;
  @Inject io.vigil.router.reactive.NodeIdentity identity;

  @BeforeAll
  static void setUp() {
    chain = new RelayTestChain(TestInfrastructure.get().anvil());
    hub = RelayTestProfile.hub();
  }

  @Test
  void shouldRefuseAStrangersThirdTransactionWithRetryAfterAndStoreNothing() {
    String stranger = freshKey();
    String sender = RelayTestChain.address(stranger);
    // Signed by a key that holds nothing: each is refused by the checks after the limit's take.
    for (int nonce = 0; nonce < 2; nonce++) {
      int status = submitRaw(stranger, nonce).statusCode();
      assertThat(status).isBetween(400, 428);
    }

    submitRawChecked(stranger, 2)
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", notNullValue())
        .body("field", equalTo("raw.signature"))
        .body("detail", containsString("relay.transactions"))
        .body("detail", containsString(sender));

    assertThat(count("select count(*) from relay_tx where sender = ?1", sender)).isZero();
    assertThat(count("select count(*) from rate_bucket where key = ?1", sender)).isEqualTo(1);
  }

  @Test
  void shouldRefuseASecondStatePostOfOneChannelAndStoreNothing() {
    String channel = Numeric.toHexStringWithPrefixZeroPadded(randomInteger(), 64);
    postState(channel).statusCode(org.hamcrest.Matchers.not(equalTo(429)));

    postState(channel)
        .statusCode(429)
        .header("Retry-After", notNullValue())
        .body("field", equalTo("state.channelId"))
        .body("detail", containsString("relay.states"));

    assertThat(count("select count(*) from relay_tx where channel_id = ?1", channel)).isZero();
  }

  @Test
  void shouldRefuseAClientsSecondOriginationBeforeTheRouterLooksAtIt() {
    ECKeyPair client = ECKeyPair.create(randomInteger());
    String hash = Numeric.toHexStringWithPrefixZeroPadded(randomInteger(), 64);
    // No link with this client: the first is refused by the router, after the limit's take.
    originate(client, hash).then().statusCode(404);

    originate(client, hash)
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", notNullValue())
        .body("field", equalTo("client"))
        .body("detail", containsString("router.originations"));
  }

  private io.restassured.response.ValidatableResponse submitRawChecked(String key, int nonce) {
    return submitRaw(key, nonce).then();
  }

  private Response submitRaw(String key, int nonce) {
    String raw =
        TxSigner.sign(
                Credentials.create(key),
                Anvil.CHAIN_ID,
                nonce,
                300_000,
                hub,
                BigInteger.ZERO,
                RelayTestChain.openCall(RelayTestChain.address(freshKey()), 3600, BigInteger.ZERO),
                new Fees(BigInteger.valueOf(2_000_000_000L), BigInteger.ONE))
            .raw();
    return RelayApi.submit(Map.of("raw", raw));
  }

  private io.restassured.response.ValidatableResponse postState(String channel) {
    return RelayApi.postState(
            RelayApi.checkpoint(channel, 1, BigInteger.ZERO, BigInteger.ZERO, null, null))
        .then();
  }

  private Response originate(ECKeyPair client, String hash) {
    long expires = java.time.Instant.now().getEpochSecond() + 300;
    String text =
        io.vigil.router.reactive.OriginationResource.originationText(
            identity.address(), hash, java.math.BigDecimal.TEN, expires);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("client", "0x" + Keys.getAddress(client.getPublicKey()));
    body.put("hash", hash);
    body.put("amount", "10");
    body.put("expires", expires);
    body.put(
        "signature",
        io.vigil.core.crypto.PersonalSignatures.sign(
            text.getBytes(StandardCharsets.UTF_8), client));
    return given().contentType(ContentType.JSON).body(body).post("/v1/routing/originations");
  }

  private long count(String sql, String parameter) {
    return StoredRows.count(entityManager, sql, parameter);
  }

  private static BigInteger randomInteger() {
    return new BigInteger(250, new SecureRandom()).add(BigInteger.ONE);
  }

  private static String freshKey() {
    return Numeric.toHexStringWithPrefixZeroPadded(randomInteger(), 64);
  }
}
