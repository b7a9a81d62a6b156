package io.vigil.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.testsupport.Await;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class KafkaPostgresRoundTripIT {

  @Inject ProbeRoundTrip probe;
  @Inject Inbox inbox;

  @Test
  void shouldCarryMessageThroughKafkaIntoPostgres() {
    String id = "probe-" + UUID.randomUUID();
    assertThat(inbox.seen(ProbeRoundTrip.CONSUMER, id)).isFalse();

    probe.send(id);

    Await.until(
        "the consumer to record " + id,
        Duration.ofSeconds(60),
        () -> inbox.seen(ProbeRoundTrip.CONSUMER, id));
  }

  @Test
  void shouldRecognizeRedeliveredEvent() {
    String id = "redelivered-" + UUID.randomUUID();
    boolean first =
        QuarkusTransaction.requiringNew().call(() -> inbox.firstDelivery("redelivery", id));
    boolean second =
        QuarkusTransaction.requiringNew().call(() -> inbox.firstDelivery("redelivery", id));
    assertThat(first).isTrue();
    assertThat(second).isFalse();
  }
}
