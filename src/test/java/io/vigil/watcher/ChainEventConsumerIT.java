package io.vigil.watcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vigil.core.chain.LogPosition;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.SignedState;
import io.vigil.core.messaging.ChannelEvent;
import io.vigil.core.messaging.Topics;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.DeadLetterTopic;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.ManagementInterface;
import io.vigil.testsupport.contract.ChannelHub;
import java.math.BigInteger;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The watcher's consumers on real Kafka, PostgreSQL and anvil: a malformed record on {@code
 * vigil.channel-events} and on {@code vigil.tx-outcomes} goes to the topic's dead-letter topic with
 * the reason, and the records behind it on the same partition are applied: the close behind the bad
 * event is disputed, and the outcomes behind the bad outcome are recorded.
 */
@QuarkusTest
@TestProfile(WatchtowerProfile.class)
class ChainEventConsumerIT extends OnHub {

  @TestHTTPResource(management = true)
  URL management;

  // Not the end-to-end test's parties: its jump past the challenge period settles this channel too,
  // and it checks what its parties may withdraw.
  static final String KEY_A = Anvil.DEV_KEYS.get(3);
  static final String KEY_B = Anvil.DEV_KEYS.get(4);
  static final BigInteger DEPOSIT = HubFixture.ETHER;

  @Test
  void shouldDeadLetterMalformedRecordsOnEachTopicAndApplyTheRecordsBehindThem() throws Exception {
    ChannelId id = driver.open(KEY_A, KEY_B, DEPOSIT, BigInteger.ZERO, 3_600, BigInteger.ZERO);
    List<SignedState> states =
        driver.payments(
            id, DEPOSIT, BigInteger.ZERO, DEPOSIT.divide(BigInteger.TEN), 2, KEY_A, KEY_B);
    Await.until(
        "the watcher to learn channel " + id,
        Duration.ofSeconds(30),
        () -> WatcherQueries.channelKnown(id, DEPOSIT));
    given()
        .contentType(ContentType.JSON)
        .body(
            Delegating.body(
                states.get(1), driver.hunterAuthorization(id, Delegating.HUNTER, KEY_B)))
        .post("/v1/watcher/delegations")
        .then()
        .statusCode(201);
    String requestId = "dispute:" + id.hex() + ":2";
    String badEvent = "{\"eventId\":\"" + id.hex() + "\",\"type\":";
    String unknownEvent =
        new ObjectMapper()
            .writeValueAsString(
                ChannelEvent.of(
                    "ChannelRenamed",
                    id.hex(),
                    LogPosition.of(1, "0x" + "00".repeat(32), "0x" + "00".repeat(32), 0),
                    Map.of()));
    String badOutcome = "{\"requestId\":\"" + requestId + "\",\"status\":\"LOST\"}";

    try (DeadLetterTopic events = new DeadLetterTopic(Topics.CHANNEL_EVENTS);
        DeadLetterTopic outcomes = new DeadLetterTopic(Topics.TX_OUTCOMES)) {
      // Keyed as the real records are, so that these lie in front of them on their partitions:
      // the close's events (by channel id) and the dispute's outcomes (by request id).
      events.publish(id.hex(), badEvent);
      events.publish(id.hex(), unknownEvent);
      outcomes.publish(requestId, badOutcome);
      driver.close(KEY_A, states.get(0));

      Await.until(
          "Vigil's dispute behind the bad records to reach the chain",
          Duration.ofSeconds(60),
          () -> !driver.logs(ChannelHub.DISPUTED_EVENT, id).isEmpty());
      Await.until(
          "the watcher to record the dispute's inclusion from vigil.tx-outcomes",
          Duration.ofSeconds(60),
          () -> {
            anvil.mine(1);
            return WatcherQueries.count(
                    "select count(*) from watcher_request where request_id = ? and status in"
                        + " ('INCLUDED', 'CONFIRMED')",
                    null,
                    requestId)
                == 1;
          });

      DeadLetterTopic.Letter malformed =
          events.await("the unreadable channel event", l -> badEvent.equals(l.value()));
      assertThat(malformed.key()).isEqualTo(id.hex());
      assertThat(malformed.reason()).startsWith("malformed: not a readable value");
      assertThat(malformed.headers()).containsEntry("dead-letter-topic", Topics.CHANNEL_EVENTS);
      assertThat(events.await("the unknown event", l -> unknownEvent.equals(l.value())).reason())
          .isEqualTo("malformed: unknown event type ChannelRenamed");
      DeadLetterTopic.Letter outcome =
          outcomes.await("the unreadable outcome", l -> badOutcome.equals(l.value()));
      assertThat(outcome.key()).isEqualTo(requestId);
      assertThat(outcome.reason()).startsWith("malformed: not a readable value");
      assertThat(outcome.headers()).containsEntry("dead-letter-topic", Topics.TX_OUTCOMES);
    }
    String metrics = ManagementInterface.given(management).get("/q/metrics").asString();
    assertThat(metrics)
        .containsPattern(
            "vigil_kafka_dead_letters_total\\{channel=\"watcher-channel-events\","
                + "reason=\"malformed\"} [1-9]")
        .containsPattern(
            "vigil_kafka_dead_letters_total\\{channel=\"watcher-tx-outcomes\","
                + "reason=\"malformed\"} [1-9]");
    ManagementInterface.given(management).get("/q/health/ready").then().statusCode(200);
    ManagementInterface.given(management).get("/q/health/live").then().statusCode(200);
  }
}
