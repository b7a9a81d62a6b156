package io.vigil.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vigil.core.chain.ChainClient;
import io.vigil.core.messaging.Topics;
import io.vigil.core.messaging.TransactionOutcome;
import io.vigil.core.messaging.TransactionOutcome.Status;
import io.vigil.core.messaging.TransactionRequest;
import io.vigil.core.messaging.TransactionRequest.Purpose;
import io.vigil.relay.chain.RelayChain;
import io.vigil.relay.chain.RpcRelayChain;
import io.vigil.relay.persistence.RelayAttempt;
import io.vigil.relay.persistence.RelayTransaction;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.DeadLetterTopic;
import io.vigil.testsupport.ManagementInterface;
import jakarta.inject.Inject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.net.URL;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(RelayTestProfile.class)
class CarrierIT extends SharedRelayTest {

  static final String HOT_KEY = Anvil.DEV_KEYS.get(9);
  static final String KEY_A = Anvil.DEV_KEYS.get(5);
  static final String KEY_B = Anvil.DEV_KEYS.get(6);

  @TestHTTPResource(management = true)
  URL management;

  @Inject RequestIntake intake;
  @Inject Carrier carrier;
  @Inject ChainClient chainClient;
  @Inject MeterRegistry metrics;

  static TransactionRequest request(String id, Purpose purpose, String data) {
    return TransactionRequest.own(id, purpose, HOT, hub, data, 0, RelayTestChain.ETHER, null);
  }

  /** A dispute of a fresh stale close: a hub call from the dispute key that lands. */
  static TransactionRequest dispute(String id) {
    return chain
        .staleClose(KEY_A, KEY_B, hub, RelayTestChain.ETHER)
        .dispute(id, HOT, RelayTestChain.ETHER);
  }

  /** Waits for the request's final outcome, mining a block now and then for confirmations. */
  static TransactionOutcome awaitFinal(String requestId) {
    return Await.value(
        "a final outcome of " + requestId,
        Duration.ofSeconds(60),
        () -> {
          List<TransactionOutcome> seen = kafka.outcomes(requestId);
          TransactionOutcome last = seen.isEmpty() ? null : seen.get(seen.size() - 1);
          if (last != null
              && (last.status() == Status.CONFIRMED || last.status() == Status.FAILED)) {
            return last;
          }
          if (last != null && last.status() == Status.INCLUDED) {
            chain.anvil().mine(1);
          }
          return null;
        });
  }

  @Test
  void shouldSignSendAndConfirmWhenRequestArrives() {
    String id = "test:carrier:" + UUID.randomUUID();
    TransactionRequest dispute = dispute(id);
    long nonceBefore = chain.nonce(HOT);

    kafka.publish(dispute);
    TransactionOutcome confirmed = awaitFinal(id);

    assertThat(confirmed.status()).isEqualTo(Status.CONFIRMED);
    assertThat(confirmed.confirmations()).isGreaterThanOrEqualTo(2);
    assertThat(kafka.outcomes(id))
        .extracting(TransactionOutcome::status)
        .containsSubsequence(Status.PENDING, Status.IN_POOL, Status.INCLUDED, Status.CONFIRMED);
    JsonNode receipt = chain.receipt(confirmed.txHash());
    assertThat(receipt.get("status").asText()).isEqualTo("0x1");
    assertThat(receipt.get("from").asText()).isEqualToIgnoringCase(HOT);
    assertThat(receipt.get("to").asText()).isEqualToIgnoringCase(hub);
    assertThat(chain.transaction(confirmed.txHash()).get("nonce").asText())
        .isEqualTo("0x" + Long.toHexString(nonceBefore));
    assertThat(confirmed.gasUsed()).isPositive();
    assertThat(confirmed.blockNumber()).isEqualTo(Long.decode(receipt.get("blockNumber").asText()));
  }

  @Test
  void shouldSendOnceWhenTheSameRequestIsDeliveredTwice() {
    String id = "test:carrier-dup:" + UUID.randomUUID();
    TransactionRequest request = dispute(id);
    long nonceBefore = chain.nonce(HOT);

    kafka.publish(request);
    kafka.publish(request);
    TransactionOutcome confirmed = awaitFinal(id);
    kafka.publish(request);
    Await.until(
        "the repeated request to re-publish the final outcome",
        Duration.ofSeconds(30),
        () -> kafka.outcomes(id).stream().filter(o -> o.status() == Status.CONFIRMED).count() >= 2);

    assertThat(confirmed.status()).isEqualTo(Status.CONFIRMED);
    assertThat(chain.nonce(HOT)).isEqualTo(nonceBefore + 1);
    long attempts =
        QuarkusTransaction.requiringNew().call(() -> RelayAttempt.count("requestId", id));
    assertThat(attempts).isEqualTo(1);
  }

  @Test
  void shouldReportTheRevertReasonAndSendNothingWhenTheRequestWouldRevert() {
    String id = "test:carrier-revert:" + UUID.randomUUID();
    byte[] unknownChannel = new byte[32];
    new SecureRandom().nextBytes(unknownChannel);
    long nonceBefore = chain.nonce(HOT);

    kafka.publish(request(id, Purpose.SETTLE, RelayTestChain.settleCall(unknownChannel)));
    TransactionOutcome failed = awaitFinal(id);

    assertThat(failed.status()).isEqualTo(Status.FAILED);
    assertThat(failed.reason()).contains("UnknownChannel");
    assertThat(failed.txHash()).isNull();
    RelayTransaction stored =
        QuarkusTransaction.requiringNew().call(() -> RelayTransaction.findById(id));
    assertThat(stored.nonce).isNull();
    assertThat(chain.pendingNonce(HOT)).isEqualTo(nonceBefore);
    long attempts =
        QuarkusTransaction.requiringNew().call(() -> RelayAttempt.count("requestId", id));
    assertThat(attempts).isZero();
  }

  @Test
  void shouldFailOnlyTheRevertingRequestWhenItIsCheckedWithOthersInOnePass() {
    String reverts = "test:carrier-pass-revert:" + UUID.randomUUID();
    String lands = "test:carrier-pass-dispute:" + UUID.randomUUID();
    byte[] unknownChannel = new byte[32];
    new SecureRandom().nextBytes(unknownChannel);
    TransactionRequest settle =
        request(reverts, Purpose.SETTLE, RelayTestChain.settleCall(unknownChannel));
    TransactionRequest dispute = dispute(lands);
    long nonceBefore = chain.nonce(HOT);

    // Stored in one transaction: the carrier's next pass finds both waiting and checks them in one
    // batch, the reverting one first.
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              intake.store(settle);
              intake.store(dispute);
            });
    carrier.wake();
    TransactionOutcome failed = awaitFinal(reverts);
    TransactionOutcome confirmed = awaitFinal(lands);

    assertThat(failed.status()).isEqualTo(Status.FAILED);
    assertThat(failed.reason()).startsWith("simulation: ").contains("UnknownChannel");
    assertThat(failed.txHash()).isNull();
    assertThat(confirmed.status()).isEqualTo(Status.CONFIRMED);
    assertThat(chain.transaction(confirmed.txHash()).get("nonce").asText())
        .isEqualTo("0x" + Long.toHexString(nonceBefore));
    assertThat(chain.nonce(HOT)).isEqualTo(nonceBefore + 1);
    long attempts =
        QuarkusTransaction.requiringNew().call(() -> RelayAttempt.count("requestId", reverts));
    assertThat(attempts).isZero();
  }

  /**
   * A dispute that arrives while the carrier's pass waits on the node for receipts is sent within
   * that pass, between the tracking's steps, not after the tracking ends. The node's receipt call
   * is held open until the dispute is stored, so the arrival falls inside the tracking.
   */
  @Test
  void shouldSendARequestThatArrivesWhileThePassIsTracking() throws Exception {
    String tracked = "test:carrier-tracked:" + UUID.randomUUID();
    String arriving = "test:carrier-arriving:" + UUID.randomUUID();
    // Both stale closes first: mining them would confirm the first dispute.
    TransactionRequest first = dispute(tracked);
    TransactionRequest second = dispute(arriving);
    long nonceBefore = chain.nonce(HOT);
    kafka.publish(first);
    // Included with 1 of its 2 confirmations: tracked by every pass until a block is mined.
    Await.until(
        "the first dispute included",
        Duration.ofSeconds(30),
        () ->
            kafka.outcomes(tracked).stream()
                .anyMatch(outcome -> outcome.status() == Status.INCLUDED));
    CountDownLatch inObserve = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RelayChain real = new RpcRelayChain(chainClient.rpc());
    RelayChain held =
        (RelayChain)
            Proxy.newProxyInstance(
                RelayChain.class.getClassLoader(),
                new Class<?>[] {RelayChain.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("observe") && inObserve.getCount() > 0) {
                    inObserve.countDown();
                    release.await(30, TimeUnit.SECONDS);
                  }
                  try {
                    return method.invoke(real, args);
                  } catch (InvocationTargetException thrown) {
                    throw thrown.getCause();
                  }
                });
    QuarkusMock.installMockForType(held, RelayChain.class);
    double before = sentWhileTracking();
    try {
      assertThat(inObserve.await(30, TimeUnit.SECONDS)).as("a pass asked for receipts").isTrue();
      kafka.publish(second);
      Await.until(
          "the second dispute stored",
          Duration.ofSeconds(30),
          () ->
              QuarkusTransaction.requiringNew()
                      .call(() -> RelayTransaction.<RelayTransaction>findById(arriving))
                  != null);
      assertThat(sentWhileTracking()).isEqualTo(before);
    } finally {
      release.countDown();
    }
    Await.until(
        "the second dispute sent",
        Duration.ofSeconds(30),
        () -> chain.nonce(HOT) == nonceBefore + 2);
    assertThat(sentWhileTracking()).isEqualTo(before + 1);
    assertThat(awaitFinal(tracked).status()).isEqualTo(Status.CONFIRMED);
    TransactionOutcome confirmed = awaitFinal(arriving);
    assertThat(confirmed.status()).isEqualTo(Status.CONFIRMED);
    assertThat(chain.transaction(confirmed.txHash()).get("nonce").asText())
        .isEqualTo("0x" + Long.toHexString(nonceBefore + 1));
  }

  private double sentWhileTracking() {
    return metrics.counter("vigil_relay_carrier_sent_while_tracking_total").count();
  }

  @Test
  void shouldDeadLetterTheRequestAndStoreNothingWhenItsSenderIsNotAKeyForItsPurpose() {
    String id = "test:carrier-foreign:" + UUID.randomUUID();
    String stranger = RelayTestChain.address(Anvil.DEV_KEYS.get(3));
    byte[] channel = new byte[32];
    new SecureRandom().nextBytes(channel);

    try (DeadLetterTopic requests = new DeadLetterTopic(Topics.TX_REQUESTS)) {
      kafka.publish(
          TransactionRequest.own(
              id,
              Purpose.SETTLE,
              stranger,
              hub,
              RelayTestChain.settleCall(channel),
              0,
              BigInteger.ZERO,
              null));
      DeadLetterTopic.Letter letter =
          requests.await("the request from a stranger", l -> l.value().contains(id));

      assertThat(letter.reason())
          .isEqualTo("refused: from " + stranger + " is not one of the relay's keys for SETTLE");
      assertThat(letter.key()).isEqualTo(stranger);
      assertThat(letter.headers()).containsEntry("dead-letter-topic", Topics.TX_REQUESTS);
    }
    RelayTransaction stored =
        QuarkusTransaction.requiringNew().call(() -> RelayTransaction.findById(id));
    assertThat(stored).isNull();
    assertThat(kafka.outcomes(id)).isEmpty();
  }

  @Test
  void shouldDeadLetterAnUnreadableRecordAndKeepConsuming() {
    String id = "test:carrier-after-garbage:" + UUID.randomUUID();
    String garbage = "{not json " + id;
    TransactionRequest dispute = dispute(id);

    try (DeadLetterTopic requests = new DeadLetterTopic(Topics.TX_REQUESTS)) {
      kafka.publishRaw(HOT, garbage);
      kafka.publish(dispute);

      assertThat(awaitFinal(id).status()).isEqualTo(Status.CONFIRMED);
      assertThat(requests.await("the unreadable record", l -> garbage.equals(l.value())).reason())
          .startsWith("malformed: not a readable value");
    }
  }

  @Test
  void shouldWarnInReadinessAndMetricsWhenAHotKeyIsShortOfGas() {
    Await.until(
        "the gas reserve warning",
        Duration.ofSeconds(30),
        () -> {
          String health = ManagementInterface.given(management).get("/q/health/ready").asString();
          return health.contains("gas reserve below") && health.contains(HOT.toLowerCase());
        });
    String metrics = ManagementInterface.given(management).get("/q/metrics").asString();
    assertThat(metrics).contains("vigil_relay_hot_key_disputes_worth");
    assertThat(metrics).contains("vigil_relay_hot_key_balance_wei");
    assertThat(metrics).contains("vigil_relay_carrier_lag_seconds");
    assertThat(metrics).doesNotContain(HOT_KEY.substring(2));
  }
}
