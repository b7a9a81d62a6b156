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
    Delegator delegator = delegator(6);
    ChannelId id = delegator.id();
    SignedState nonceFive = delegator.states().get(4);
    SignedState tampered = TamperedStates.oneWeiMoved(nonceFive);
    ChannelId unseen = ChannelId.of(randomBytes(32));
    SignedState pending =
        driver.sign(
            ChannelState.of(unseen, 1, DEPOSIT, BigInteger.ZERO), PAYER, delegator.client());

    JsonPath answer =
        post(
            List.of(
                delegator.body(2),
                delegator.body(2),
                delegator.body(1),
                Delegating.body(tampered, delegator.auth()),
                delegator.body(4),
                Delegating.body(
                    pending,
                    driver.hunterAuthorization(unseen, Delegating.HUNTER, delegator.client()))));

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
    Delegator delegator = delegator(3);
    ChannelId id = delegator.id();
    String outsiderAuth = driver.hunterAuthorization(id, Delegating.HUNTER, Anvil.DEV_KEYS.get(0));
    post(List.of(delegator.body(0)));

    JsonPath answer =
        post(List.of(delegator.body(1), Delegating.body(delegator.states().get(2), outsiderAuth)));

    assertThat(answer.getList("results.status", Integer.class)).containsExactly(201, 400);
    assertThat(answer.getString("results[1].problem.field"))
        .isEqualTo("hunterAuthorization.signature");
    assertThat(heldNonce(id)).isEqualTo(2);
    assertThat(
            WatcherQueries.count(
                "select count(*) from watcher_state where channel_id = ? and client = decode('"
                    + HubFixture.address(delegator.client()).substring(2)
                    + "', 'hex')",
                id))
        .isEqualTo(1);
  }

  @Test
  void shouldRefuseEachDelegationOverTheClientsRateWithItsOwnProblem() {
    Delegator delegator = delegator(1);
    // The test profile allows a burst of 10 delegations per client.
    List<Map<String, Object>> twelve = Collections.nCopies(12, delegator.body(0)).stream().toList();

    JsonPath answer = post(twelve);

    List<Integer> statuses = answer.getList("results.status", Integer.class);
    assertThat(statuses.subList(0, 10)).containsOnly(201, 200).startsWith(201);
    assertThat(statuses.subList(10, 12)).containsOnly(429);
    assertThat(answer.getString("results[11].problem.type"))
        .isEqualTo("urn:vigil:problem:too-many-requests");
    assertThat(heldNonce(delegator.id())).isEqualTo(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldStoreNothingWhenOneDelegationIsNotWellFormedJson() {
    Delegator delegator = delegator(2);
    Map<String, Object> broken = delegator.body(1);
    // A nonce is a number or a decimal string; an array does not bind at all.
    ((Map<String, Object>) broken.get("state")).put("nonce", List.of("two"));
    List<String> before = WatcherQueries.snapshot();

    String field = refusedField(Map.of("delegations", List.of(delegator.body(0), broken)));

    assertThat(field).isEqualTo("delegations.1.state.nonce");

    assertThat(WatcherQueries.snapshot()).isEqualTo(before);
  }

  @Test
  void shouldRefuseAnEmptyMissingOrOversizedBatchWithNothingStored() {
    Map<String, Object> one = delegator(1).body(0);
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

  /**
   * A fresh client with a watched channel from the payer, its first payments on it and its
   * authorization of the watcher's hunter.
   */
  private record Delegator(String client, ChannelId id, List<SignedState> states, String auth) {

    /** The delegation of payment {@code index} with the client's authorization. */
    Map<String, Object> body(int index) {
      return Delegating.body(states.get(index), auth);
    }
  }

  /** A fresh client on a newly watched channel, with {@code payments} payments signed. */
  private Delegator delegator(int payments) {
    String client = freshKey();
    ChannelId id = openWatched(client);
    return new Delegator(
        client, id, payments(id, client, payments), hunterAuthorization(id, client));
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
