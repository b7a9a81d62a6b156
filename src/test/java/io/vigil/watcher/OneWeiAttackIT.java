package io.vigil.watcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.SignedState;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.contract.ChannelHub;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The 1-wei attack, across every role on real PostgreSQL, Kafka and anvil with a non-zero base fee:
 * an attacker opens a 1-wei channel, delegates its latest state, posts a checkpoint through the
 * relay and closes with an older state, while an honest channel is closed with a stale state. The
 * honest dispute lands before its deadline, nothing of the attacker's is signed, and no transaction
 * of Vigil's is left unmined.
 */
@QuarkusTest
@TestProfile(WatchtowerProfile.WithPostKey.class)
class OneWeiAttackIT extends OnHub {

  static final String HONEST_A = Anvil.DEV_KEYS.get(1);
  static final String HONEST_B = Anvil.DEV_KEYS.get(2);
  static final String ATTACKER_X = Anvil.DEV_KEYS.get(3);
  static final String ATTACKER_Y = Anvil.DEV_KEYS.get(4);
  static final long CHALLENGE_PERIOD = 3_600;
  static final BigInteger GWEI = BigInteger.valueOf(1_000_000_000L);

  @Inject EntityManager entityManager;

  @Test
  void shouldLandTheHonestDisputeAndSignNothingForTheAttacker() {
    anvil.rpc(
        "anvil_setNextBlockBaseFeePerGas",
        "[\"0x" + GWEI.multiply(BigInteger.TEN).toString(16) + "\"]");
    ChannelId honest =
        driver.open(
            HONEST_A,
            HONEST_B,
            HubFixture.ETHER,
            HubFixture.ETHER,
            CHALLENGE_PERIOD,
            BigInteger.ZERO);
    List<SignedState> honestStates =
        driver.payments(
            honest,
            HubFixture.ETHER,
            HubFixture.ETHER,
            GWEI.multiply(GWEI).divide(BigInteger.TEN),
            3,
            HONEST_A,
            HONEST_B);
    ChannelId attack =
        driver.open(
            ATTACKER_X,
            ATTACKER_Y,
            BigInteger.ONE,
            BigInteger.ZERO,
            CHALLENGE_PERIOD,
            BigInteger.ZERO);
    List<SignedState> attackStates =
        driver.payments(
            attack, BigInteger.ONE, BigInteger.ZERO, BigInteger.ZERO, 2, ATTACKER_X, ATTACKER_Y);
    awaitChannelKnown(honest, HubFixture.ETHER.multiply(BigInteger.TWO));
    awaitChannelKnown(attack, BigInteger.ONE);

    delegate(honestStates.get(2), HONEST_B).then().statusCode(201);
    Response attackerDelegation = delegate(attackStates.get(1), ATTACKER_Y);
    assertThat(attackerDelegation.statusCode()).isIn(200, 201, 422);

    // The relay does not post a checkpoint of a channel worth 1 wei.
    SignedState checkpoint = attackStates.get(1);
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "action",
                "checkpoint",
                "state",
                Map.of(
                    "channelId",
                    attack.hex(),
                    "nonce",
                    String.valueOf(checkpoint.state().nonce()),
                    "balanceA",
                    checkpoint.state().balanceA().toString(),
                    "balanceB",
                    checkpoint.state().balanceB().toString()),
                "sigA",
                checkpoint.signatureA().hex(),
                "sigB",
                checkpoint.signatureB().hex()))
        .post("/v1/relay/states")
        .then()
        .statusCode(422)
        .body("field", org.hamcrest.Matchers.equalTo("state"))
        .body("detail", org.hamcrest.Matchers.containsString("below this relay's minimum"));

    long attackDeadline = deadline(driver.close(ATTACKER_X, attackStates.get(0)));
    long honestDeadline = deadline(driver.close(HONEST_A, honestStates.get(0)));

    Await.until(
        "Vigil's dispute of the honest channel",
        Duration.ofSeconds(60),
        () -> !driver.logs(ChannelHub.DISPUTED_EVENT, honest).isEmpty());
    assertThat(
            ChannelHub.getDisputedEventFromLog(
                    driver.logs(ChannelHub.DISPUTED_EVENT, honest).get(0))
                .nonce
                .longValueExact())
        .isEqualTo(3);
    assertThat(latestBlockTime()).isLessThanOrEqualTo(honestDeadline);

    if (attackerDelegation.statusCode() != 422) {
      Await.until(
          "the attacker's dispute to be recorded as not worth acting on",
          Duration.ofSeconds(30),
          () ->
              watcherRequests(attack).stream()
                  .anyMatch(
                      r ->
                          "FAILED".equals(r[0])
                              && r[1] != null
                              && r[1].contains("value at stake below the cost")));
    } else {
      assertThat(attackerDelegation.<String>path("detail")).isNotBlank();
    }
    assertThat(driver.logs(ChannelHub.DISPUTED_EVENT, attack)).isEmpty();
    assertThat(latestBlockTime()).isLessThanOrEqualTo(attackDeadline);
    // Nothing of the attacker's took a nonce: every transaction of the hunter's is mined.
    anvil.mine(2);
    Await.until(
        "every transaction of the hunter to be mined",
        Duration.ofSeconds(30),
        () -> nonce(Delegating.HUNTER, "pending") == nonce(Delegating.HUNTER, "latest"));
    assertThat(signedForAttack(attack)).isZero();

    // Leave nothing for later tests' watchers to act on: past the deadline the attacker's channel
    // is
    // settled by its own party (Vigil would not pay for it), the honest one by Vigil.
    anvil.increaseTime(CHALLENGE_PERIOD + 1);
    anvil.mine(1);
    try {
      driver.as(ATTACKER_X).settle(attack.toBytes()).send();
    } catch (Exception e) {
      throw new IllegalStateException("settle failed", e);
    }
    Await.until(
        "both channels to be settled",
        Duration.ofSeconds(60),
        () -> {
          anvil.mine(1);
          return !driver.logs(ChannelHub.SETTLED_EVENT, attack).isEmpty()
              && !driver.logs(ChannelHub.SETTLED_EVENT, honest).isEmpty();
        });
  }

  private Response delegate(SignedState state, String authorizingKey) {
    return given()
        .contentType(ContentType.JSON)
        .body(
            Delegating.body(
                state,
                driver.hunterAuthorization(
                    state.state().channelId(), Delegating.HUNTER, authorizingKey)))
        .post("/v1/watcher/delegations");
  }

  private void awaitChannelKnown(ChannelId id, BigInteger total) {
    Await.until(
        "the watcher to learn channel " + id,
        Duration.ofSeconds(30),
        () -> WatcherQueries.channelKnown(id, total));
  }

  private static long deadline(org.web3j.protocol.core.methods.response.TransactionReceipt closed) {
    return ChannelHub.getCloseStartedEvents(closed).get(0).deadline.longValueExact();
  }

  /** Status and reason of every request the watcher made for a channel. */
  private List<String[]> watcherRequests(ChannelId id) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                entityManager
                    .createNativeQuery(
                        "select status, reason from watcher_request where channel_id = ?1")
                    .setParameter(1, id.toBytes())
                    .getResultList()
                    .stream()
                    .map(
                        row ->
                            new String[] {
                              (String) ((Object[]) row)[0], (String) ((Object[]) row)[1]
                            })
                    .toList());
  }

  /** Relay requests for a channel that took a nonce (were signed). */
  private long signedForAttack(ChannelId id) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number)
                        entityManager
                            .createNativeQuery(
                                "select count(*) from relay_tx where channel_id = ?1 and nonce is"
                                    + " not null")
                            .setParameter(1, id.hex())
                            .getSingleResult())
                    .longValue());
  }

  private long nonce(String address, String block) {
    String answer =
        anvil.rpc("eth_getTransactionCount", "[\"" + address + "\", \"" + block + "\"]");
    return Long.decode(answer.replaceAll(".*\"result\":\"(0x[0-9a-fA-F]+)\".*", "$1").trim());
  }

  private long latestBlockTime() {
    String answer = anvil.rpc("eth_getBlockByNumber", "[\"latest\", false]");
    String hex = answer.replaceAll(".*\"timestamp\":\"0x([0-9a-fA-F]+)\".*", "$1");
    return Long.parseLong(hex, 16);
  }
}
