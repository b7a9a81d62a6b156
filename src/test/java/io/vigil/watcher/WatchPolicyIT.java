package io.vigil.watcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.ManagementInterface;
import io.vigil.testsupport.TestAuth;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The watch policy at its production values, against the real chain, database and broker: channels
 * the watcher cannot protect are refused with the field named and nothing stored, the policy is
 * published, and a held channel whose value no longer pays a dispute is reported at risk.
 */
@QuarkusTest
@TestProfile(WatchPolicyProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WatchPolicyIT extends OnHub {

  static final BigInteger ETHER = HubFixture.ETHER;
  static final BigInteger MIN_VALUE = new BigInteger(WatchPolicyProfile.MIN_VALUE_AT_STAKE);
  static final long HOUR = 3_600;
  static final String POLICY_PROBLEM = "urn:vigil:problem:watch-policy";

  @TestHTTPResource(management = true)
  URL management;

  @Test
  void shouldPublishThePolicyForClientsToCheckBeforeTheyDelegate() {
    given()
        .get("/v1/watcher/info")
        .then()
        .statusCode(200)
        .body("policy.minChallengePeriodSeconds", equalTo(3600))
        .body("policy.minValueAtStakeWei", equalTo(WatchPolicyProfile.MIN_VALUE_AT_STAKE))
        .body("policy.disputeGas", equalTo(150000))
        .body("policy.priceMargin", equalTo(2))
        .body("hunter", equalTo(Delegating.HUNTER));
  }

  @Test
  void shouldRefuseAOneSecondChallengePeriodNamingTheChannelAndStoreNothing() {
    // Half an ether for the client: only the period is outside the policy.
    assertRefusedStoringNothing(
        1,
        ETHER.divide(BigInteger.TWO),
        "state.channelId",
        "challenge period is 1 s",
        "minimum of 3600 s");
  }

  @Test
  void shouldRefuseAValueThatCannotPayADisputeNamingTheBalanceAndStoreNothing() {
    assertRefusedStoringNothing(
        HOUR,
        BigInteger.TEN.pow(15),
        "state.balanceB",
        "1000000000000000 wei at stake for party B",
        "minimum of 150000000000000000 wei");
  }

  @Test
  void shouldRefuseEachDelegationOfABatchOnItsOwnAndStoreOnlyTheOneWithinThePolicy() {
    String client = freshKey();
    ChannelId shortPeriod = openWatched(client, 1, BigInteger.ZERO);
    ChannelId small = openWatched(client, HOUR, BigInteger.ZERO);
    ChannelId atMinimum = openWatched(client, HOUR, BigInteger.ZERO);
    List<String> before = WatcherQueries.snapshot();

    JsonPath answer =
        given()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "delegations",
                    List.of(
                        delegation(shortPeriod, client, ETHER),
                        delegation(small, client, MIN_VALUE.subtract(BigInteger.ONE)),
                        delegation(atMinimum, client, MIN_VALUE))))
            .post("/v1/watcher/delegations/batch")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    assertThat(answer.getList("results.status", Integer.class)).containsExactly(422, 422, 201);
    assertThat(answer.getString("results[0].problem.field")).isEqualTo("state.channelId");
    assertThat(answer.getString("results[0].problem.type")).isEqualTo(POLICY_PROBLEM);
    assertThat(answer.getString("results[1].problem.field")).isEqualTo("state.balanceB");
    assertThat(answer.getString("results[1].problem.detail"))
        .contains("149999999999999999 wei at stake");
    assertThat(heldStates(shortPeriod)).isZero();
    assertThat(heldStates(small)).isZero();
    assertThat(heldStates(atMinimum)).isOne();
    List<String> after = WatcherQueries.snapshot();
    after.removeIf(row -> row.startsWith("watcher_state ") && !before.contains(row));
    assertThat(after).isEqualTo(before);
  }

  @Test
  void shouldShowWhatItHoldsForAChannelOnlyToItsPartiesAndTheOperator() {
    String client = freshKey();
    ChannelId id = openWatched(client, HOUR, BigInteger.ZERO);
    post(delegation(id, client, ETHER)).statusCode(201);

    given()
        .get(Delegating.status(id))
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:vigil:problem:unauthorized"))
        .body(not(containsString("heldNonce")));
    given()
        .auth()
        .preemptive()
        .basic(TestAuth.OPERATOR, "not-the-password")
        .get(Delegating.status(id))
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    // A stranger learns nothing, not even that Vigil holds the channel.
    TestAuth.client(ECKeyPair.create(Numeric.toBigInt(freshKey())))
        .get(Delegating.status(id))
        .then()
        .statusCode(404)
        .body(not(containsString("heldNonce")));
    // Both parties see it: the client, and its counterparty.
    for (String party : List.of(client, PAYER)) {
      TestAuth.client(ECKeyPair.create(Numeric.toBigInt(party)))
          .get(Delegating.status(id))
          .then()
          .statusCode(200)
          .body("heldNonce", equalTo(1));
    }
    TestAuth.operator().get(Delegating.status(id)).then().statusCode(200);
  }

  @Test
  void shouldCountTheBountyTheCounterpartyCanPayTowardTheValueAtStake() {
    String client = freshKey();
    // A tenth of an ether for the client, and a bounty that lifts it over the minimum.
    ChannelId id = openWatched(client, HOUR, ETHER.divide(BigInteger.TWO));

    post(delegation(id, client, ETHER.divide(BigInteger.TEN))).statusCode(201);

    TestAuth.operator()
        .get(Delegating.status(id))
        .then()
        .statusCode(200)
        .body("protection.status", equalTo("PROTECTED"))
        .body(
            "protection.valueAtStakeWei",
            equalTo(ETHER.multiply(BigInteger.valueOf(6)).divide(BigInteger.TEN).toString()));
  }

  @Test
  void shouldDropAPendingStateWhenItsChannelOpensOutsideThePolicy() {
    String client = freshKey();
    ChannelId pending = null;
    // The id binds the block the open lands in; try again should another transaction take it.
    for (int attempt = 0; attempt < 3 && pending == null; attempt++) {
      ChannelId expected = nextChannelId(PAYER, client);
      SignedState state =
          driver.sign(
              ChannelState.of(
                  expected, 1, ETHER.divide(BigInteger.TWO), ETHER.divide(BigInteger.TWO)),
              PAYER,
              client);
      post(Delegating.body(state, driver.hunterAuthorization(expected, Delegating.HUNTER, client)))
          .statusCode(201);
      TestAuth.operator()
          .get(Delegating.status(expected))
          .then()
          .body("protection.status", equalTo("PENDING"));
      ChannelId opened = driver.open(PAYER, client, ETHER, BigInteger.ZERO, 1, BigInteger.ZERO);
      if (opened.equals(expected)) {
        pending = opened;
      }
    }
    assertThat(pending).as("a channel opened at the predicted id").isNotNull();
    ChannelId id = pending;

    Await.until(
        "the watcher to drop the state when the channel opens",
        Duration.ofSeconds(30),
        () -> WatcherQueries.channelKnown(id) && heldStates(id) == 0);
    assertThat(metric("vigil_watcher_pending_dropped_total{reason=\"watch-policy\"}"))
        .isGreaterThanOrEqualTo(1);
    TestAuth.operator().get(Delegating.status(id)).then().statusCode(404);
  }

  @Test
  void shouldReportAHeldChannelAtRiskWhileTheBaseFeeIsTooHighForItsValue() {

    String client = freshKey();
    ChannelId id = openWatched(client, HOUR, BigInteger.ZERO);
    post(delegation(id, client, ETHER)).statusCode(201);
    TestAuth.operator()
        .get(Delegating.status(id))
        .then()
        .body("protection.status", equalTo("PROTECTED"));
    BigInteger baseFee = latestBaseFee(anvil);
    // 10,000 gwei: one dispute with the margin needs 150,000 x 8,750 gwei x 2, over 2.6 ether.
    BigInteger high = BigInteger.TEN.pow(13);
    try {
      anvil.rpc(
          "anvil_setNextBlockBaseFeePerGas", "[\"" + Numeric.toHexStringWithPrefix(high) + "\"]");
      anvil.mine(1);

      JsonPath status =
          Await.value(
              "the channel to be reported at risk",
              Duration.ofSeconds(30),
              () -> {
                JsonPath read =
                    TestAuth.operator().get(Delegating.status(id)).then().extract().jsonPath();
                return "AT_RISK".equals(read.getString("protection.status")) ? read : null;
              });
      assertThat(status.getString("protection.valueAtStakeWei")).isEqualTo(ETHER.toString());
      assertThat(new BigInteger(status.getString("protection.requiredWei")))
          .isEqualTo(
              new BigInteger(status.getString("protection.nextBaseFeeWei"))
                  .multiply(BigInteger.valueOf(150_000 * 2)))
          .isGreaterThan(ETHER);
      assertThat(status.getString("protection.reason")).contains("a dispute may not land");
      assertThat(status.getString("heldNonce")).isNotNull();
      Await.until(
          "the gauge to count the channel",
          Duration.ofSeconds(30),
          () -> metric("vigil_watcher_channels_unpriceable") >= 1);
    } finally {
      anvil.rpc(
          "anvil_setNextBlockBaseFeePerGas",
          "[\"" + Numeric.toHexStringWithPrefix(baseFee) + "\"]");
      anvil.mine(1);
    }
    Await.until(
        "the channel to be protected again once the base fee fell back",
        Duration.ofSeconds(30),
        () ->
            "PROTECTED"
                .equals(
                    TestAuth.operator()
                        .get(Delegating.status(id))
                        .then()
                        .extract()
                        .path("protection.status")));
  }

  // ------------------------------------------------------------------------------------------

  /**
   * Delegates the state in which the payer has paid a fresh client {@code amount} on a new channel
   * with {@code challengePeriod}, and checks it is refused on {@code field} with every one of
   * {@code details} in the problem's detail, and that the watcher holds nothing for the channel.
   */
  private void assertRefusedStoringNothing(
      long challengePeriod, BigInteger amount, String field, String... details) {
    String client = freshKey();
    ChannelId id = openWatched(client, challengePeriod, BigInteger.ZERO);

    ValidatableResponse response = refused(delegation(id, client, amount), field);

    for (String detail : details) {
      response.body("detail", containsString(detail));
    }
    assertThat(heldStates(id)).isZero();
  }

  private ValidatableResponse refused(Map<String, Object> body, String field) {
    List<String> before = WatcherQueries.snapshot();
    ValidatableResponse response =
        post(body)
            .statusCode(422)
            .contentType("application/problem+json")
            .body("type", equalTo(POLICY_PROBLEM))
            .body("status", equalTo(422))
            .body("field", equalTo(field))
            .body("detail", org.hamcrest.Matchers.startsWith(field + ": "));
    assertThat(WatcherQueries.snapshot()).isEqualTo(before);
    return response;
  }

  private static ValidatableResponse post(Object body) {
    return given().contentType(ContentType.JSON).body(body).post("/v1/watcher/delegations").then();
  }

  /**
   * Opens a two-ether channel from the payer to the client, and waits for the watcher to see it.
   */
  private ChannelId openWatched(String client, long challengePeriod, BigInteger bounty) {
    return openWatched(PAYER, client, ETHER.multiply(BigInteger.TWO), challengePeriod, bounty);
  }

  /** The state (nonce 1) in which the payer has paid the client {@code amount}. */
  private SignedState paid(ChannelId id, String client, BigInteger amount) {
    return driver.sign(
        ChannelState.of(id, 1, ETHER.multiply(BigInteger.TWO).subtract(amount), amount),
        PAYER,
        client);
  }

  private Map<String, Object> delegation(ChannelId id, String client, BigInteger amount) {
    return Delegating.body(
        paid(id, client, amount), driver.hunterAuthorization(id, Delegating.HUNTER, client));
  }

  private static long heldStates(ChannelId id) {
    return WatcherQueries.count("select count(*) from watcher_state where channel_id = ?", id);
  }

  /** The hub's id for a channel this pair opens in the next block. */
  private ChannelId nextChannelId(String keyA, String keyB) {

    long next = quantity(anvil.rpc("eth_blockNumber", "[]")).longValueExact() + 1;
    ByteArrayOutputStream encoded = new ByteArrayOutputStream();
    for (String word :
        List.of(
            TypeEncoder.encode(new Uint256(Anvil.CHAIN_ID)),
            TypeEncoder.encode(new Address(driver.hub().hex())),
            TypeEncoder.encode(new Address(HubFixture.address(keyA))),
            TypeEncoder.encode(new Address(HubFixture.address(keyB))),
            TypeEncoder.encode(new Uint256(next)))) {
      encoded.writeBytes(Numeric.hexStringToByteArray(word));
    }
    return ChannelId.of(Hash.sha3(encoded.toByteArray()));
  }

  private static BigInteger latestBaseFee(Anvil anvil) {
    String block = anvil.rpc("eth_getBlockByNumber", "[\"latest\", false]");
    return new BigInteger(
        block.replaceAll(".*\"baseFeePerGas\":\"0x([0-9a-fA-F]+)\".*", "$1").trim(), 16);
  }

  private static BigInteger quantity(String answer) {
    return new BigInteger(
        answer.replaceAll(".*\"result\":\"0x([0-9a-fA-F]+)\".*", "$1").trim(), 16);
  }

  /** The value of one series on the metrics endpoint, 0 when absent. */
  private double metric(String series) {
    String text =
        ManagementInterface.given(management)
            .get("/q/metrics")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }
}
