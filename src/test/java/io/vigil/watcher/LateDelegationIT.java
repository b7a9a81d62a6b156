package io.vigil.watcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.SignedState;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.contract.ChannelHub;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A state that reaches Vigil only after the stale close was mined is disputed at once. */
@QuarkusTest
@TestProfile(WatchtowerProfile.class)
class LateDelegationIT {

  static final String KEY_A = Anvil.DEV_KEYS.get(3);
  static final String KEY_B = Anvil.DEV_KEYS.get(4);

  @Test
  void shouldDisputeAtOnceWhenTheLatestStateArrivesAfterTheStaleClose() {
    Anvil anvil = TestInfrastructure.get().anvil();
    try (HubFixture driver = HubFixture.attach(anvil, WatchtowerProfile.hub())) {
      BigInteger deposit = HubFixture.ETHER;
      ChannelId id =
          driver.open(KEY_A, KEY_B, deposit, BigInteger.ZERO, 600, BigInteger.TEN.pow(16));
      List<SignedState> states =
          driver.payments(id, deposit, BigInteger.ZERO, BigInteger.TEN.pow(16), 10, KEY_A, KEY_B);
      long deadline =
          ChannelHub.getCloseStartedEvents(driver.close(KEY_A, states.get(2)))
              .get(0)
              .deadline
              .longValueExact();
      Await.until(
          "the watcher to see the close",
          Duration.ofSeconds(30),
          () ->
              WatcherQueries.count(
                      "select count(*) from watcher_channel where channel_id = ? and status ="
                          + " 'CLOSING'",
                      id)
                  == 1);
      assertThat(driver.logs(ChannelHub.DISPUTED_EVENT, id)).isEmpty();

      given()
          .contentType(ContentType.JSON)
          .body(
              Delegating.body(
                  states.get(9), driver.hunterAuthorization(id, Delegating.HUNTER, KEY_B)))
          .post("/v1/watcher/delegations")
          .then()
          .statusCode(201);

      Await.until(
          "the late dispute to land",
          Duration.ofSeconds(60),
          () -> !driver.logs(ChannelHub.DISPUTED_EVENT, id).isEmpty());
      var disputed =
          ChannelHub.getDisputedEventFromLog(driver.logs(ChannelHub.DISPUTED_EVENT, id).get(0));
      assertThat(disputed.nonce.longValueExact()).isEqualTo(10);
      assertThat(disputed.bountyTo).isEqualToIgnoringCase(Delegating.HUNTER);
      assertThat(driver.logs(ChannelHub.DISPUTED_EVENT, id)).hasSize(1);
      assertThat(blockTime(anvil, disputed.log.getBlockNumber().longValueExact()))
          .isLessThanOrEqualTo(deadline);
    }
  }

  static long blockTime(Anvil anvil, long number) {
    String answer =
        anvil.rpc("eth_getBlockByNumber", "[\"0x" + Long.toHexString(number) + "\", false]");
    String hex = answer.replaceAll(".*\"timestamp\":\"0x([0-9a-fA-F]+)\".*", "$1");
    return Long.parseLong(hex, 16);
  }
}
