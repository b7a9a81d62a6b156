package io.vigil.watcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.DelegationReceipts;
import io.vigil.core.crypto.Signature;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.HubFixture;
import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The batch delegation endpoint: each delegation is answered on its own with the status, receipt or
 * problem the single endpoint gives, only accepted states are stored, and a batch that is not well
 * formed as a whole is refused with nothing stored.
 */
@QuarkusTest
@TestProfile(WatchtowerProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DelegationBatchIT extends OnHub {

  static final BigInteger DEPOSIT = HubFixture.ETHER;
  static final String BATCH = "/v1/watcher/delegations/batch";

  @Test
  void shouldAnswerEachDelegationOnItsOwnAndStoreOnlyTheAccepted() {
    String client = freshKey();
    ChannelId id = openWatched(client);
    List<SignedState> states = payments(id, client, 6);
    String auth = hunterAuthorization(id, client);
    SignedState nonceFive = states.get(4);
    SignedState tampered = TamperedStates.oneWeiMoved(nonceFive);
    ChannelId unseen = ChannelId.of(randomBytes(32));
    SignedState pending =
        driver.sign(ChannelState.of(unseen, 1, DEPOSIT, BigInteger.ZERO), PAYER, client);

    JsonPath answer =
        post(
            List.of(
                Delegating.body(states.get(2), auth),
                Delegating.body(states.get(2), auth),
                Delegating.body(states.get(1), auth),
                Delegating.body(tampered, auth),
                Delegating.body(nonceFive, auth),
                Delegating.body(
                    pending, driver.hunterAuthorization(unseen, Delegating.HUNTER, client))));

    assertThat(answer.getList("results.status", Integer.class))
        .containsExactly(201, 200, 409, 400, 201, 201);
    assertThat(answer.getString("results[0].receipt.signature"))
        .isEqualTo(answer.getString("results[1].receipt.signature"));
    assertThat(answer.getString("results[2].problem.field")).isEqualTo("state.nonce");
    assertThat(answer.getString("results[2].receipt")).isNull();
    assertThat(answer.getString("results[3].problem.field")).isEqualTo("sigA");
    assertThat(answer.getLong("results[4].receipt.nonce")).isEqualTo(5);
    assertReceiptSignedByVigil(id, answer.getMap("results[4].receipt"));
    assertReceiptSignedByVigil(unseen, answer.getMap("results[5].receipt"));
    assertThat(heldNonce(id)).isEqualTo(5);
    assertThat(
            WatcherQueries.count(
                "select count(*) from watcher_state where channel_id = ? and expires_at is not"
                    + " null",
                unseen))
        .isEqualTo(1);
  }

  @Test
  void shouldRecogniseAHeldAuthorizationAndStillRefuseAForeignOne() {
    String client = freshKey();
    ChannelId id = openWatched(client);
    List<SignedState> states = payments(id, client, 3);
    String auth = hunterAuthorization(id, client);
    String outsiderAuth = driver.hunterAuthorization(id, Delegating.HUNTER, Anvil.DEV_KEYS.get(0));
    post(List.of(Delegating.body(states.get(0), auth)));

    JsonPath answer =
        post(
            List.of(
                Delegating.body(states.get(1), auth),
                Delegating.body(states.get(2), outsiderAuth)));

    assertThat(answer.getList("results.status", Integer.class)).containsExactly(201, 400);
    assertThat(answer.getString("results[1].problem.field"))
        .isEqualTo("hunterAuthorization.signature");
    assertThat(heldNonce(id)).isEqualTo(2);
    assertThat(
            WatcherQueries.count(
                "select count(*) from watcher_state where channel_id = ? and client = decode('"
                    + HubFixture.address(client).substring(2)
                    + "', 'hex')",
                id))
        .isEqualTo(1);
  }

  @Test
  void shouldRefuseEachDelegationOverTheClientsRateWithItsOwnProblem() {
    String client = freshKey();
    ChannelId id = openWatched(client);
    SignedState state = payments(id, client, 1).get(0);
    String auth = hunterAuthorization(id, client);
    // The test profile allows a burst of 10 delegations per client.
    List<Map<String, Object>> twelve =
        Collections.nCopies(12, Delegating.body(state, auth)).stream().toList();

    JsonPath answer = post(twelve);

    List<Integer> statuses = answer.getList("results.status", Integer.class);
    assertThat(statuses.subList(0, 10)).containsOnly(201, 200).startsWith(201);
    assertThat(statuses.subList(10, 12)).containsOnly(429);
    assertThat(answer.getString("results[11].problem.type"))
        .isEqualTo("urn:vigil:problem:too-many-requests");
    assertThat(heldNonce(id)).isEqualTo(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldStoreNothingWhenOneDelegationIsNotWellFormedJson() {
    String client = freshKey();
    ChannelId id = openWatched(client);
    List<SignedState> states = payments(id, client, 2);
    String auth = hunterAuthorization(id, client);
    Map<String, Object> broken = Delegating.body(states.get(1), auth);
    // A nonce is a number or a decimal string; an array does not bind at all.
    ((Map<String, Object>) broken.get("state")).put("nonce", List.of("two"));
    List<String> before = WatcherQueries.snapshot();

    String field =
        refusedField(Map.of("delegations", List.of(Delegating.body(states.get(0), auth), broken)));

    assertThat(field).isEqualTo("delegations.1.state.nonce");

    assertThat(WatcherQueries.snapshot()).isEqualTo(before);
  }

  @Test
  void shouldRefuseAnEmptyMissingOrOversizedBatchWithNothingStored() {
    String client = freshKey();
    ChannelId id = openWatched(client);
    SignedState state = payments(id, client, 1).get(0);
    Map<String, Object> one = Delegating.body(state, hunterAuthorization(id, client));
    List<String> before = WatcherQueries.snapshot();

    for (Object body :
        List.of(
            Map.of("delegations", List.of()),
            Map.of("other", List.of(one)),
            Map.of("delegations", Collections.nCopies(65, one)))) {
      String field = refusedField(body);
      assertThat(field).isEqualTo("delegations");
    }
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("delegations", List.of(one), "padding", "x".repeat(70_000)))
        .post(BATCH)
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:vigil:problem:too-large"))
        .body("field", equalTo("body"));

    assertThat(WatcherQueries.snapshot()).isEqualTo(before);
  }

  private JsonPath post(List<Map<String, Object>> delegations) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("delegations", delegations))
        .post(BATCH)
        .then()
        .statusCode(200)
        .contentType(ContentType.JSON)
        .extract()
        .jsonPath();
  }

  /** Posts a batch that is not well formed and returns the field its 400 problem names. */
  private static String refusedField(Object body) {
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .post(BATCH)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .extract()
        .path("field");
  }

  /** The nonce of the state the watcher holds for {@code id}. */
  private static long heldNonce(ChannelId id) {
    return WatcherQueries.count("select nonce from watcher_state where channel_id = ?", id);
  }

  /** The party's authorization of the watcher's hunter on {@code id}. */
  private String hunterAuthorization(ChannelId id, String partyKey) {
    return driver.hunterAuthorization(id, Delegating.HUNTER, partyKey);
  }

  /**
   * Opens a channel from the payer to a party with this key, and waits for the watcher to see it.
   */
  private ChannelId openWatched(String partyKey) {
    return openWatched(PAYER, partyKey, DEPOSIT, 600);
  }

  private List<SignedState> payments(ChannelId id, String partyKey, int count) {
    return driver.payments(
        id, DEPOSIT, BigInteger.ZERO, BigInteger.TEN.pow(15), count, PAYER, partyKey);
  }

  private void assertReceiptSignedByVigil(ChannelId id, Map<String, Object> receipt) {
    long nonce = ((Number) receipt.get("nonce")).longValue();
    long block = ((Number) receipt.get("acceptedAtBlock")).longValue();
    byte[] digest = new DelegationReceipts(driver.eip712().domain()).digest(id, nonce, block);
    assertThat(receipt.get("channelId")).isEqualTo(id.hex());
    assertThat(
            driver
                .eip712()
                .recover(digest, Signature.parse((String) receipt.get("signature")))
                .orElseThrow()
                .hex())
        .isEqualToIgnoringCase(HubFixture.address(Anvil.DEV_KEYS.get(7)));
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
