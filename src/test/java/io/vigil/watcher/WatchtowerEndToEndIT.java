package io.vigil.watcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.DelegationReceipts;
import io.vigil.core.crypto.Signature;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.TestAuth;
import io.vigil.testsupport.contract.ChannelHub;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The watchtower's reason to exist, across every role on real PostgreSQL, Kafka and anvil: a stale
 * close is disputed before the deadline, the channel settles on the latest state, and the bounty
 * reaches Vigil's hunter account and is withdrawn.
 */
@QuarkusTest
@TestProfile(WatchtowerProfile.class)
class WatchtowerEndToEndIT extends OnHub {

  static final String KEY_A = Anvil.DEV_KEYS.get(1);
  static final String KEY_B = Anvil.DEV_KEYS.get(2);
  static final BigInteger BOUNTY = HubFixture.ETHER.divide(BigInteger.TWO);
  static final long CHALLENGE_PERIOD = 3_600;

  @Test
  void shouldDisputeSettleAndWithdrawTheBountyWhenAPartyClosesWithAStaleState() {
    ChannelId id =
        driver.open(
            KEY_A,
            KEY_B,
            HubFixture.ETHER.multiply(BigInteger.TEN),
            HubFixture.ETHER.multiply(BigInteger.valueOf(5)),
            CHALLENGE_PERIOD,
            BOUNTY);
    List<SignedState> states =
        driver.payments(
            id,
            HubFixture.ETHER.multiply(BigInteger.TEN),
            HubFixture.ETHER.multiply(BigInteger.valueOf(5)),
            HubFixture.ETHER.divide(BigInteger.valueOf(20)),
            100,
            KEY_A,
            KEY_B);
    SignedState latest = states.get(99);
    SignedState stale = states.get(36);
    assertThat(latest.state().nonce()).isEqualTo(100);
    assertThat(stale.state().nonce()).isEqualTo(37);
    awaitChannelKnown(id, HubFixture.ETHER.multiply(BigInteger.valueOf(15)));
    BigInteger hunterBefore = driver.balance(Delegating.HUNTER);

    JsonPath receipt =
        given()
            .contentType(ContentType.JSON)
            .body(Delegating.body(latest, driver.hunterAuthorization(id, Delegating.HUNTER, KEY_B)))
            .post("/v1/watcher/delegations")
            .then()
            .log()
            .ifValidationFails()
            .statusCode(201)
            .extract()
            .jsonPath();
    assertThat(receipt.getLong("nonce")).isEqualTo(100);
    assertReceiptSignedByVigil(id, receipt);

    long deadline =
        ChannelHub.getCloseStartedEvents(driver.close(KEY_A, stale))
            .get(0)
            .deadline
            .longValueExact();

    Await.until(
        "Vigil's dispute to put nonce 100 on chain",
        Duration.ofSeconds(60),
        () -> !driver.logs(ChannelHub.DISPUTED_EVENT, id).isEmpty());
    assertThat(latestBlockTime()).isLessThanOrEqualTo(deadline);
    List<org.web3j.protocol.core.methods.response.Log> disputes =
        driver.logs(ChannelHub.DISPUTED_EVENT, id);
    assertThat(disputes).hasSize(1);
    assertThat(ChannelHub.getDisputedEventFromLog(disputes.get(0)).nonce.longValueExact())
        .isEqualTo(100);
    assertThat(ChannelHub.getDisputedEventFromLog(disputes.get(0)).bountyTo)
        .isEqualToIgnoringCase(Delegating.HUNTER);

    anvil.increaseTime(CHALLENGE_PERIOD + 1);
    anvil.mine(1);
    Await.until(
        "Vigil to settle the channel and withdraw the bounty",
        Duration.ofSeconds(90),
        () -> {
          anvil.mine(1);
          JsonPath status =
              TestAuth.operator().get(Delegating.status(id)).then().extract().jsonPath();
          return status.getBoolean("outcome.settled")
              && status.getBoolean("outcome.bountyWithdrawn");
        });

    assertThat(driver.withdrawable(HubFixture.address(KEY_B))).isEqualTo(latest.state().balanceB());
    assertThat(driver.withdrawable(HubFixture.address(KEY_A)))
        .isEqualTo(latest.state().balanceA().subtract(BOUNTY));
    // Other tests' channels may credit the same hunter meanwhile; each credit is withdrawn.
    Await.until(
        "every bounty credited to the hunter to be withdrawn",
        Duration.ofSeconds(60),
        () -> {
          anvil.mine(1);
          return driver.withdrawable(Delegating.HUNTER).signum() == 0;
        });
    assertThat(driver.logs(ChannelHub.SETTLED_EVENT, id)).hasSize(1);
    JsonPath status =
        TestAuth.operator().get(Delegating.status(id)).then().statusCode(200).extract().jsonPath();
    assertThat(status.getString("heldNonce")).isNull();
    assertThat(status.getString("chainStatus")).isEqualTo("SETTLED");
    assertThat(status.getBoolean("outcome.disputed")).isTrue();
    assertThat(status.getLong("outcome.disputedNonce")).isEqualTo(100);
    assertThat(new BigInteger(status.getString("outcome.bountyWei"))).isEqualTo(BOUNTY);
    assertThat(new BigInteger(status.getString("outcome.gasSpentWei"))).isPositive();
    assertThat(status.getList("transactions.purpose", String.class))
        .containsExactly("DISPUTE", "SETTLE", "WITHDRAW");
    // The hunter paid gas for three transactions and received the bounty.
    assertThat(driver.balance(Delegating.HUNTER))
        .isGreaterThan(
            hunterBefore.add(BOUNTY).subtract(HubFixture.ETHER.divide(BigInteger.valueOf(100))));
  }

  private void awaitChannelKnown(ChannelId id, BigInteger total) {
    // The opening and B's deposit reach the watcher through the chain follower and Kafka; a state
    // summing to more than the deposits the watcher has seen is refused.
    Await.until(
        "the watcher to learn channel " + id,
        Duration.ofSeconds(30),
        () ->
            TestAuth.operator()
                        .contentType(ContentType.JSON)
                        .get(Delegating.status(id))
                        .statusCode()
                    == 404
                && WatcherQueries.channelKnown(id, total));
  }

  private void assertReceiptSignedByVigil(ChannelId id, JsonPath receipt) {
    byte[] digest =
        new DelegationReceipts(driver.eip712().domain())
            .digest(id, receipt.getLong("nonce"), receipt.getLong("acceptedAtBlock"));
    assertThat(
            driver
                .eip712()
                .recover(digest, Signature.parse(receipt.getString("signature")))
                .orElseThrow()
                .hex())
        .isEqualToIgnoringCase(receipt.getString("signer"));
    assertThat(receipt.getString("signer"))
        .isEqualToIgnoringCase(HubFixture.address(Anvil.DEV_KEYS.get(7)));
  }

  private long latestBlockTime() {
    String answer = anvil.rpc("eth_getBlockByNumber", "[\"latest\", false]");
    String hex = answer.replaceAll(".*\"timestamp\":\"0x([0-9a-fA-F]+)\".*", "$1");
    return Long.parseLong(hex, 16);
  }
}
