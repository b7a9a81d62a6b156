package io.vigil.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vigil.core.messaging.Topics;
import io.vigil.core.messaging.TransactionOutcome;
import io.vigil.core.messaging.TransactionRequest;
import io.vigil.core.messaging.TransactionRequest.Purpose;
import io.vigil.relay.persistence.RelayTransaction;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.DeadLetterTopic;
import io.vigil.testsupport.ManagementInterface;
import io.vigil.testsupport.contract.ChannelHub;
import java.math.BigInteger;
import java.net.URL;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.utils.Numeric;

/**
 * What the relay does with the records it reads from {@code vigil.tx-requests}, on real Kafka,
 * PostgreSQL and anvil: a request it must not send and a record it cannot read go to {@code
 * vigil.tx-requests.dlq} with the reason, nothing is stored for them, and the dispute behind them
 * on the same partition is sent and lands.
 */
@QuarkusTest
@TestProfile(RelayTestProfile.class)
class RequestIntakeIT extends SharedRelayTest {

  @TestHTTPResource(management = true)
  URL management;

  static final String HOT = RelayTestChain.address(Anvil.DEV_KEYS.get(9));
  static final String KEY_A = Anvil.DEV_KEYS.get(5);
  static final String KEY_B = Anvil.DEV_KEYS.get(6);
  static final String OUTSIDER = RelayTestChain.address(Anvil.DEV_KEYS.get(4));

  static DeadLetterTopic requests;

  @BeforeAll
  static void setUp() {
    requests = new DeadLetterTopic(Topics.TX_REQUESTS);
  }

  @AfterAll
  static void tearDown() {
    requests.close();
  }

  static RelayTransaction stored(String id) {
    return QuarkusTransaction.requiringNew().call(() -> RelayTransaction.findById(id));
  }

  static BigInteger balance(String address) {
    return Numeric.decodeQuantity(
        chain.call("eth_getBalance", "[\"" + address + "\",\"latest\"]").asText());
  }

  /** The value of one series of a counter in the Prometheus text, or 0 when absent. */
  double metric(String name, String channel, String reason) {
    String text = ManagementInterface.given(management).get("/q/metrics").asString();
    Matcher m =
        Pattern.compile(
                "(?m)^"
                    + name
                    + "\\{channel=\""
                    + Pattern.quote(channel)
                    + "\",reason=\""
                    + reason
                    + "\"} ([0-9.E]+)$")
            .matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void shouldDeadLetterAValueTransferToAnOutsiderAndAnUnreadableRecordAndLandTheDisputeBehind() {
    RelayTestChain.StaleClose close = chain.staleClose(KEY_A, KEY_B, hub, RelayTestChain.ETHER);
    String theft = "test:intake-theft:" + UUID.randomUUID();
    String garbage = "{\"requestId\":\"test:intake-garbage:" + UUID.randomUUID() + "\",";
    String dispute = "test:intake-dispute:" + UUID.randomUUID();
    BigInteger outsiderBefore = balance(OUTSIDER);
    long nonceBefore = chain.nonce(HOT);
    double refusedBefore = metric("vigil_kafka_dead_letters_total", "relay-tx-requests", "refused");

    // All three keyed by the dispute key's address: one partition, read in this order.
    kafka.publish(
        new TransactionRequest(
            theft,
            Purpose.WITHDRAW,
            HOT,
            OUTSIDER,
            "0x",
            RelayTestChain.ETHER,
            null,
            0,
            BigInteger.ZERO,
            null));
    kafka.publishRaw(HOT, garbage);
    kafka.publish(close.dispute(dispute, HOT, RelayTestChain.ETHER));

    TransactionOutcome landed =
        awaitConfirmed(
            "the dispute behind the bad records to be confirmed", dispute, Duration.ofSeconds(60));
    JsonNode receipt = chain.receipt(landed.txHash());
    assertThat(receipt.get("status").asText()).isEqualTo("0x1");
    assertThat(receipt.get("from").asText()).isEqualToIgnoringCase(HOT);
    assertThat(receipt.get("logs").get(0).get("topics").get(0).asText())
        .isEqualTo(EventEncoder.encode(ChannelHub.DISPUTED_EVENT));
    assertThat(receipt.get("logs").get(0).get("topics").get(1).asText()).isEqualTo(close.channel());

    DeadLetterTopic.Letter refused =
        requests.await("the value transfer to an outsider", l -> l.value().contains(theft));
    assertThat(refused.key()).isEqualToIgnoringCase(HOT);
    assertThat(refused.reason())
        .startsWith("refused: ")
        .contains("to must be the hub " + hub.toLowerCase() + ", is " + OUTSIDER)
        .contains("value must be 0, is " + RelayTestChain.ETHER);
    assertThat(refused.headers())
        .containsEntry("dead-letter-topic", Topics.TX_REQUESTS)
        .containsEntry("dead-letter-exception-class-name", "io.vigil.core.messaging.DeadLetter")
        .containsKeys("dead-letter-partition", "dead-letter-offset");
    DeadLetterTopic.Letter unreadable =
        requests.await("the unreadable record", l -> garbage.equals(l.value()));
    assertThat(unreadable.reason()).startsWith("malformed: not a readable value");
    assertThat(unreadable.headers().get("dead-letter-partition"))
        .isEqualTo(refused.headers().get("dead-letter-partition"));
    assertThat(Long.parseLong(unreadable.headers().get("dead-letter-offset")))
        .isGreaterThan(Long.parseLong(refused.headers().get("dead-letter-offset")));

    assertThat(stored(theft)).isNull();
    assertThat(kafka.outcomes(theft)).isEmpty();
    assertThat(stored(dispute).status).isEqualTo(TxStatus.CONFIRMED);
    assertThat(chain.nonce(HOT)).isEqualTo(nonceBefore + 1);
    assertThat(balance(OUTSIDER)).isEqualTo(outsiderBefore);
    assertThat(metric("vigil_kafka_dead_letters_total", "relay-tx-requests", "refused"))
        .isEqualTo(refusedBefore + 1);
    assertThat(metric("vigil_kafka_dead_letters_total", "relay-tx-requests", "malformed"))
        .isGreaterThanOrEqualTo(1);
    // Series exist from start-up, at zero, so that the alert sees the first increase.
    assertThat(ManagementInterface.given(management).get("/q/metrics").asString())
        .contains(
            "vigil_kafka_dead_letters_total{channel=\"relay-tx-requests\",reason=\"failing\"} 0.0")
        .contains(
            "vigil_kafka_dead_letters_total{channel=\"watcher-tx-outcomes\",reason=\"failing\"}");
    ManagementInterface.given(management).get("/q/health/ready").then().statusCode(200);
    ManagementInterface.given(management).get("/q/health/live").then().statusCode(200);
  }

  @Test
  void shouldDeadLetterARecordOverTheSizeLimitUnread() {
    String id = "test:intake-oversized:" + UUID.randomUUID();
    String padding = "00".repeat(40_000);
    kafka.publish(
        TransactionRequest.own(
            id, Purpose.SETTLE, HOT, hub, "0x" + padding, 0, BigInteger.ZERO, null));

    DeadLetterTopic.Letter letter =
        requests.await("the oversized record", l -> l.value().contains(id));

    assertThat(letter.reason())
        .isEqualTo("oversized: the value is larger than 65536 bytes; it was not read");
    assertThat(stored(id)).isNull();
  }
}
