package io.vigil.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class OutboxTest {

  private static final Duration ACK = Duration.ofMillis(200);

  /** An outbox table in memory: claims from the front, settles by removing. */
  private static final class Rows implements Outbox.Table {
    final List<Outbox.Pending> queued = new ArrayList<>();
    final List<String> settled = new ArrayList<>();

    Rows(int count) {
      for (int i = 1; i <= count; i++) {
        queued.add(new Outbox.Pending("r" + i, "k" + i, "{\"n\":" + i + "}"));
      }
    }

    @Override
    public List<Outbox.Pending> claim(int limit) {
      return List.copyOf(queued.subList(0, Math.min(limit, queued.size())));
    }

    @Override
    public void settle(List<Outbox.Pending> sent) {
      queued.removeAll(sent);
      sent.forEach(p -> settled.add(p.id()));
    }
  }

  private final List<Outbox.Pending> sentToKafka = new ArrayList<>();

  private CompletionStage<?> acknowledged(Outbox.Pending message) {
    sentToKafka.add(message);
    return CompletableFuture.completedFuture(null);
  }

  @Test
  void shouldSettleABatchOnceKafkaAcknowledgedAllOfIt() {
    Rows rows = new Rows(3);

    int published = Outbox.publish(rows, this::acknowledged, 10, ACK);

    assertThat(published).isEqualTo(3);
    assertThat(sentToKafka).extracting(Outbox.Pending::key).containsExactly("k1", "k2", "k3");
    assertThat(rows.settled).containsExactly("r1", "r2", "r3");
    assertThat(rows.queued).isEmpty();
  }

  @Test
  void shouldSettleNothingWhenOneAcknowledgementFails() {
    Rows rows = new Rows(3);

    assertThatThrownBy(
            () ->
                Outbox.publish(
                    rows,
                    m ->
                        m.id().equals("r2")
                            ? CompletableFuture.failedFuture(new IllegalStateException("nack"))
                            : acknowledged(m),
                    10,
                    ACK))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nack");

    assertThat(rows.settled).isEmpty();
    assertThat(rows.queued).hasSize(3);
  }

  @Test
  void shouldSettleNothingWhenKafkaDoesNotAnswerInTime() {
    Rows rows = new Rows(2);

    assertThatThrownBy(() -> Outbox.publish(rows, m -> new CompletableFuture<>(), 10, ACK))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not acknowledge");

    assertThat(rows.settled).isEmpty();
  }

  @Test
  void shouldSendNothingForAnEmptyOutbox() {
    assertThat(Outbox.publish(new Rows(0), this::acknowledged, 10, ACK)).isZero();
    assertThat(sentToKafka).isEmpty();
  }

  @Test
  void shouldDrainBatchesUntilOneComesBackShort() {
    Rows rows = new Rows(7);
    List<Integer> batches = new ArrayList<>();

    int total =
        Outbox.drain(
            limit -> {
              int sent = Outbox.publish(rows, this::acknowledged, limit, ACK);
              batches.add(sent);
              return sent;
            },
            3);

    assertThat(total).isEqualTo(7);
    assertThat(batches).containsExactly(3, 3, 1);
    assertThat(rows.queued).isEmpty();
  }
}
