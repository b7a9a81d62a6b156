package io.vigil.relay;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.vigil.core.messaging.TransactionOutcome;
import io.vigil.relay.persistence.RelayTransaction;
import io.vigil.relay.persistence.StatusRows;
import io.vigil.relay.persistence.TrackedRows;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.ProblemResponses;
import io.vigil.testsupport.StoredRows;
import io.vigil.testsupport.TestInfrastructure;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

@QuarkusTest
@TestProfile(RelayTestProfile.class)
class RelayApiIT {

  static final String KEY_A = Anvil.DEV_KEYS.get(1);
  static final String KEY_B = Anvil.DEV_KEYS.get(2);
  static final String B = RelayTestChain.address(KEY_B);

  static RelayTestChain chain;
  static String hub;

  @Inject EntityManager entityManager;

  @BeforeAll
  static void setUp() {
    chain = new RelayTestChain(TestInfrastructure.get().anvil());
    hub = RelayTestProfile.hub();
  }

  /** Rows in the relay's tables, to prove a refusal stored nothing. */
  List<Long> stored() {
    // Outcomes are only ever queued for a stored relay_tx row; the outbox itself moves with
    // earlier tests' transactions still being tracked, so it is not compared.
    return List.of(
        StoredRows.count(entityManager, "select count(*) from relay_tx"),
        StoredRows.count(entityManager, "select count(*) from relay_attempt"));
  }

  ValidatableResponse submit(Object body) {
    return RelayApi.submit(body).then();
  }

  String openRaw(BigInteger deposit) {
    return chain.signHubCall(
        KEY_A, hub, deposit, RelayTestChain.openCall(B, 3600, BigInteger.ZERO));
  }

  /** A one-ether open by A signed with the given chain id, nonce and gas limit. */
  String openRaw(long chainId, long nonce, long gasLimit) {
    return TxSigner.sign(
            Credentials.create(KEY_A),
            chainId,
            nonce,
            gasLimit,
            hub,
            RelayTestChain.ETHER,
            RelayTestChain.openCall(B, 3600, BigInteger.ZERO),
            RelayTestChain.HUB_CALL_FEES)
        .raw();
  }

  ValidatableResponse postState(Object body) {
    return RelayApi.postState(body).then();
  }

  /** Refused with this status and field, and nothing stored. */
  void assertRefused(Object body, int status, String field, String reasonPart) {
    List<Long> before = stored();
    ValidatableResponse response = submit(body).statusCode(status);
    if (field != null || reasonPart != null) {
      response.contentType("application/problem+json").body("status", equalTo(status));
    }
    if (field != null) {
      response.body("field", equalTo(field));
    }
    if (reasonPart != null) {
      response.body("detail", containsString(reasonPart));
    }
    assertThat(stored()).isEqualTo(before);
  }

  static String status(String id) {
    return given()
        .get("/v1/relay/transactions/" + id)
        .then()
        .statusCode(200)
        .extract()
        .path("status");
  }

  @Test
  void shouldMineAClientOpenAndWalkItThroughEachStatusToConfirmed() {
    chain.anvil().setAutomine(false);
    try {
      String raw = openRaw(RelayTestChain.ETHER);
      String txHash = Hash.sha3(raw);

      String requestId =
          submit(Map.of("raw", raw))
              .statusCode(202)
              .body("status", equalTo("IN_POOL"))
              .body("txHash", equalTo(txHash))
              .body("kind", equalTo("CLIENT"))
              .extract()
              .path("requestId");
      assertThat(chain.transaction(txHash)).isNotNull();
      assertThat(chain.receipt(txHash)).isNull();

      chain.call("evm_mine", "[]");
      Await.until("INCLUDED", Duration.ofSeconds(20), () -> "INCLUDED".equals(status(requestId)));
      given()
          .get("/v1/relay/transactions/" + txHash)
          .then()
          .statusCode(200)
          .body("confirmations", equalTo(1))
          .body("requiredConfirmations", equalTo(2))
          .body("isFinal", equalTo(false))
          .body("blockNumber", equalTo((int) chain.blockNumber()));

      chain.call("evm_mine", "[]");
      Await.until("CONFIRMED", Duration.ofSeconds(20), () -> "CONFIRMED".equals(status(requestId)));
      given()
          .get("/v1/relay/transactions/" + requestId)
          .then()
          .body("confirmations", equalTo(2))
          .body("isFinal", equalTo(true))
          .body("gasUsed", org.hamcrest.Matchers.notNullValue());
      assertThat(chain.receipt(txHash).get("status").asText()).isEqualTo("0x1");

      // Only the final status of a client transaction is published (client-outcomes=final);
      // earlier ones would come first, on the same partition.
      try (RelayKafka kafka = new RelayKafka(TestInfrastructure.get().kafka().bootstrapServers())) {
        Await.until(
            "the CONFIRMED outcome on Kafka",
            Duration.ofSeconds(20),
            () -> kafka.last(requestId, TransactionOutcome.Status.CONFIRMED) != null);
        assertThat(kafka.outcomes(requestId))
            .extracting(TransactionOutcome::status)
            .containsExactly(TransactionOutcome.Status.CONFIRMED);
      }
    } finally {
      chain.anvil().setAutomine(true);
    }
  }

  @Test
  void shouldAnswerARepeatedSubmissionWithTheStoredTransaction() {
    String raw = openRaw(RelayTestChain.ETHER);

    String first = submit(Map.of("raw", raw)).statusCode(202).extract().path("requestId");
    List<Long> afterFirst = stored();
    String second = submit(Map.of("raw", raw)).statusCode(200).extract().path("requestId");

    assertThat(second).isEqualTo(first);
    assertThat(stored()).isEqualTo(afterFirst);
  }

  @Test
  void shouldAnswerWhatAStatusReadShowsAndARepeatWhileTheFirstIsStillInThePool() {
    chain.anvil().setAutomine(false);
    try {
      String raw = openRaw(RelayTestChain.ETHER);
      Map<String, Object> accepted =
          submit(Map.of("raw", raw)).statusCode(202).extract().as(Map.class);
      String requestId = (String) accepted.get("requestId");
      List<Long> afterFirst = stored();

      // The answer is built from what was written, not read back: a read shows the same.
      Map<String, Object> read =
          given()
              .get("/v1/relay/transactions/" + requestId)
              .then()
              .statusCode(200)
              .extract()
              .as(Map.class);
      assertThat(read).isEqualTo(accepted);
      assertThat(read).containsEntry("status", "IN_POOL").containsEntry("sends", 1);

      Map<String, Object> repeat =
          submit(Map.of("raw", raw)).statusCode(200).extract().as(Map.class);
      assertThat(repeat).containsEntry("requestId", requestId).containsEntry("sends", 1);
      assertThat(stored()).isEqualTo(afterFirst);
    } finally {
      chain.anvil().setAutomine(true);
      chain.call("evm_mine", "[]");
    }
  }

  @Inject StatusRows rows;
  @Inject TrackedRows tracked;

  @Test
  void shouldLeaveARowAloneWhenItChangedSinceTheTrackerReadIt() {
    chain.anvil().setAutomine(false); // no receipt: the carrier leaves the row as it is
    try {
      String raw = openRaw(RelayTestChain.ETHER);
      String requestId = submit(Map.of("raw", raw)).statusCode(202).extract().path("requestId");
      RelayTransaction read = rows.find(requestId).orElseThrow();

      RelayTransaction changed = rows.find(requestId).orElseThrow();
      changed.status = TxStatus.INCLUDED;
      changed.blockNumber = 1L;
      changed.blockHash = "0x" + "ab".repeat(32);
      changed.confirmations = 1;
      // The tracker believed the row was in another block than it is.
      TrackedRows.Expected stale =
          new TrackedRows.Expected(read.status, read.txHash, "0x" + "cd".repeat(32), 1);
      String outcome = "{\"stale\":\"" + requestId + "\"}";

      assertThat(tracked.apply(List.of(new TrackedRows.Change(changed, stale, outcome))))
          .containsExactly(false);
      RelayTransaction after = rows.find(requestId).orElseThrow();
      assertThat(after.status).isEqualTo(TxStatus.IN_POOL);
      assertThat(after.blockHash).isNull();
      assertThat(outboxWith(outcome)).isZero();
    } finally {
      chain.anvil().setAutomine(true);
      chain.call("evm_mine", "[]");
    }
  }

  long outboxWith(String payload) {
    return StoredRows.count(
        entityManager, "select count(*) from relay_outbox where payload = ?1", payload);
  }

  @Test
  void shouldRefuseAWrongChainId() {
    String raw = openRaw(1, chain.pendingNonce(RelayTestChain.address(KEY_A)), 300_000);
    assertRefused(Map.of("raw", raw), 400, "raw.chainId", "this relay serves chain 31337");
  }

  @Test
  void shouldRefuseAMalleatedSignature() {
    String raw = openRaw(RelayTestChain.ETHER);
    // The last 32 bytes of an EIP-1559 encoding are s; replace s by n - s.
    byte[] bytes = Numeric.hexStringToByteArray(raw);
    BigInteger s =
        new BigInteger(1, java.util.Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length));
    BigInteger n =
        new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
    byte[] high = Numeric.toBytesPadded(n.subtract(s), 32);
    System.arraycopy(high, 0, bytes, bytes.length - 32, 32);
    assertRefused(Map.of("raw", Numeric.toHexString(bytes)), 400, "raw.signature", "upper half");
  }

  @Test
  void shouldRefuseASignatureFromAnotherAccountThanClaimed() {
    assertRefused(
        Map.of("raw", openRaw(RelayTestChain.ETHER), "from", B),
        400,
        "raw.signature",
        "recovers to");
  }

  @Test
  void shouldRefuseAForeignTargetContract() {
    String raw =
        chain.signHubCall(
            KEY_A,
            "0x000000000000000000000000000000000000dead",
            BigInteger.ZERO,
            RelayTestChain.withdrawCall());
    assertRefused(Map.of("raw", raw), 400, "raw.to", "not the channel hub");
  }

  @Test
  void shouldRefuseAFunctionThatIsNotAllowed() {
    String raw = chain.signHubCall(KEY_A, hub, BigInteger.ZERO, RelayTestChain.withdrawableCall(B));
    assertRefused(Map.of("raw", raw), 400, "raw.data", "withdrawable");
  }

  @Test
  void shouldRefuseATransactionThatWouldRevertWithItsReason() {
    byte[] unknown = new byte[32];
    unknown[31] = 7;
    String raw = chain.signHubCall(KEY_A, hub, BigInteger.ZERO, RelayTestChain.settleCall(unknown));
    assertRefused(Map.of("raw", raw), 422, "raw", "UnknownChannel");
  }

  @Test
  void shouldRefuseAGasLimitOutOfBounds() {
    String raw =
        openRaw(Anvil.CHAIN_ID, chain.pendingNonce(RelayTestChain.address(KEY_A)), 5_000_000);
    assertRefused(Map.of("raw", raw), 400, "raw.gasLimit", "outside");
  }

  @Test
  void shouldRefuseANonceFarAheadOrAlreadyUsed() {
    String a = RelayTestChain.address(KEY_A);
    String ahead = openRaw(Anvil.CHAIN_ID, chain.pendingNonce(a) + 100, 300_000);
    assertRefused(Map.of("raw", ahead), 400, "raw.nonce", "ahead");
    chain.sendAndWait(openRaw(RelayTestChain.ETHER));
    String used = openRaw(Anvil.CHAIN_ID, chain.nonce(a) - 1, 300_000);
    assertRefused(Map.of("raw", used), 409, "raw.nonce", "already used");
  }

  @Test
  void shouldRefuseGarbageHexUndecodableAndMissingInput() {
    assertRefused(Map.of("raw", "0xzz12"), 400, "raw", "hex");
    assertRefused(Map.of("raw", "0x1234"), 400, "raw", "not a decodable transaction");
    assertRefused(Map.of("raw", "0x02c0"), 400, "raw", null);
    assertRefused(Map.of("from", B), 400, "raw", "missing");
    assertRefused("{\"raw\": ", 400, null, null);
  }

  @Test
  void shouldRefuseOversizedPayloads() {
    Map<String, Object> overLimit = Map.of("raw", "0x" + "ab".repeat(40_000));
    assertRefused(overLimit, 413, "body", "body: larger than the 65536-byte limit");
    submit(overLimit).body("type", equalTo("urn:vigil:problem:too-large"));
    assertRefused(Map.of("raw", "0x" + "ab".repeat(15_000)), 413, "raw", "longer than");
  }

  @Test
  void shouldRefuseAnOversizedStateWithATooLargeProblemAndStoreNothing() {
    Map<String, Object> body =
        checkpoint(new byte[32], "0x" + "ab".repeat(20_000), "0x" + "cd".repeat(20_000));
    List<Long> before = stored();

    ProblemResponses.assertTooLarge(postState(body), "body: larger than the 65536-byte limit");
    assertThat(stored()).isEqualTo(before);
  }

  @Test
  void shouldAnswerNotFoundForAnUnknownTransaction() {
    given()
        .get("/v1/relay/transactions/raw:0x" + "00".repeat(32))
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  // -------------------------------------------------------------------------------------------
  // Co-signed states posted from Vigil's account

  byte[] openChannel() {
    return chain.openChannel(KEY_A, hub, B, RelayTestChain.ETHER, 3600);
  }

  String signState(String key, byte[] channelId, long nonce, BigInteger a, BigInteger b) {
    return chain.signState(key, hub, channelId, nonce, a, b);
  }

  Map<String, Object> checkpoint(byte[] channelId, String sigA, String sigB) {
    BigInteger a = RelayTestChain.ETHER.multiply(BigInteger.valueOf(6)).divide(BigInteger.TEN);
    BigInteger b = RelayTestChain.ETHER.subtract(a);
    return RelayApi.checkpoint(Numeric.toHexString(channelId), 1, a, b, sigA, sigB);
  }

  @Test
  void shouldPostACoSignedCheckpointFromVigilsAccount() {
    byte[] channelId = openChannel();
    BigInteger a = RelayTestChain.ETHER.multiply(BigInteger.valueOf(6)).divide(BigInteger.TEN);
    BigInteger b = RelayTestChain.ETHER.subtract(a);
    Map<String, Object> body =
        checkpoint(
            channelId, signState(KEY_A, channelId, 1, a, b), signState(KEY_B, channelId, 1, a, b));

    String requestId =
        postState(body)
            .statusCode(202)
            .body("purpose", equalTo("CHECKPOINT"))
            .extract()
            .path("requestId");
    Await.until(
        "the checkpoint to be confirmed",
        Duration.ofSeconds(30),
        () -> {
          String status = status(requestId);
          if ("INCLUDED".equals(status)) {
            chain.anvil().mine(1);
          }
          return "CONFIRMED".equals(status);
        });
    String txHash =
        given().get("/v1/relay/transactions/" + requestId).then().extract().path("txHash");
    JsonNode receipt = chain.receipt(txHash);
    assertThat(receipt.get("status").asText()).isEqualTo("0x1");
    assertThat(receipt.get("from").asText())
        .isEqualToIgnoringCase(RelayTestChain.address(RelayTestProfile.POST_KEY));

    postState(body).statusCode(200).body("requestId", equalTo(requestId));
  }

  @Test
  void shouldRefuseAStateTheHubWouldRejectAndStoreNothing() {
    byte[] channelId = openChannel();
    BigInteger a = RelayTestChain.ETHER.multiply(BigInteger.valueOf(6)).divide(BigInteger.TEN);
    BigInteger b = RelayTestChain.ETHER.subtract(a);
    String stranger = Anvil.DEV_KEYS.get(4);
    Map<String, Object> body =
        checkpoint(
            channelId,
            signState(KEY_A, channelId, 1, a, b),
            signState(stranger, channelId, 1, a, b));
    List<Long> before = stored();

    postState(body).statusCode(422).body("detail", containsString("WrongSigner"));
    postState(Map.of("action", "steal", "state", Map.of()))
        .statusCode(400)
        .body("field", equalTo("action"));
    postState(checkpoint(channelId, "0x1234", "0x")).statusCode(400).body("field", equalTo("sigA"));
    assertThat(stored()).isEqualTo(before);
  }
}
