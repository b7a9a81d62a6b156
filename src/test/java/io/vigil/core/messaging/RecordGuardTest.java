package io.vigil.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

class RecordGuardTest {

  static final String CHANNEL = "watcher-test";

  record Note(String text) {}

  /** A record that remembers whether it was acknowledged or with what it was nacked. */
  static final class Record {
    final AtomicBoolean acked = new AtomicBoolean();
    final AtomicReference<Throwable> nacked = new AtomicReference<>();
    final Message<String> message;

    Record(String payload) {
      message =
          Message.of(
              payload,
              Metadata.empty(),
              () -> {
                acked.set(true);
                return CompletableFuture.completedFuture(null);
              },
              failure -> {
                nacked.set(failure);
                return CompletableFuture.completedFuture(null);
              });
    }
  }

  static final class Probe implements StoreProbe {
    volatile boolean answers = true;
    final AtomicInteger asked = new AtomicInteger();

    @Override
    public boolean answers() {
      asked.incrementAndGet();
      return answers;
    }
  }

  static MessagingConfig config(int maxBytes, int attempts) {
    return new MessagingConfig() {
      public int maxRecordBytes() {
        return maxBytes;
      }

      public int poisonAttempts() {
        return attempts;
      }

      public Duration retryBackoff() {
        return Duration.ofMillis(1);
      }

      public Duration maxRetryBackoff() {
        return Duration.ofMillis(2);
      }
    };
  }

  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final Probe probe = new Probe();
  private final RecordGuard guard =
      new RecordGuard(new ObjectMapper(), config(100, 3), probe, metrics);
  private final List<Note> applied = new ArrayList<>();

  /** How many times a test's {@code apply} was called. */
  private final AtomicInteger attempts = new AtomicInteger();

  /** Throws {@code failure} until the {@code succeedAt}th attempt, which applies the note. */
  Consumer<Note> appliedAtAttempt(int succeedAt, Supplier<RuntimeException> failure) {
    return note -> {
      if (attempts.incrementAndGet() < succeedAt) {
        throw failure.get();
      }
      applied.add(note);
    };
  }

  void take(Record record, Consumer<Note> apply) {
    guard
        .take(
            CHANNEL,
            record.message,
            Note.class,
            note ->
                note.text().startsWith("bad")
                    ? Reading.unusable(Poison.REFUSED, "refused " + note.text())
                    : Reading.usable(note),
            apply)
        .await()
        .atMost(Duration.ofSeconds(10));
  }

  double deadLetters(Poison poison) {
    var counter =
        metrics
            .find(RecordGuard.METRIC)
            .tags("channel", CHANNEL, "reason", poison.label())
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void shouldAcknowledgeARecordOnceItIsApplied() {
    Record record = new Record("{\"text\":\"hello\"}");

    take(record, applied::add);

    assertThat(applied).containsExactly(new Note("hello"));
    assertThat(record.acked).isTrue();
    assertThat(record.nacked.get()).isNull();
  }

  @Test
  void shouldDeadLetterAndCountAMalformedRecordWithoutApplyingIt() {
    Record record = new Record("{\"text\":");

    take(record, applied::add);

    assertThat(applied).isEmpty();
    assertThat(record.acked).isFalse();
    assertThat(record.nacked.get())
        .isInstanceOfSatisfying(
            DeadLetter.class, d -> assertThat(d.poison()).isEqualTo(Poison.MALFORMED))
        .hasMessageStartingWith("malformed: not a readable value");
    assertThat(deadLetters(Poison.MALFORMED)).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterAnOversizedRecordUnread() {
    Record record = new Record("{\"text\":\"" + "x".repeat(200) + "\"}");

    take(record, applied::add);

    assertThat(record.nacked.get()).hasMessageStartingWith("oversized: ");
    assertThat(deadLetters(Poison.OVERSIZED)).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterARecordTheCheckRefusesWithTheCheckReason() {
    Record record = new Record("{\"text\":\"bad one\"}");

    take(record, applied::add);

    assertThat(applied).isEmpty();
    assertThat(record.nacked.get()).hasMessage("refused: refused bad one");
    assertThat(deadLetters(Poison.REFUSED)).isEqualTo(1);
    assertThat(probe.asked).hasValue(0);
  }

  @Test
  void shouldWaitOutADatabaseOutageWithoutDeadLetteringTheRecord() {
    probe.answers = false;
    Record record = new Record("{\"text\":\"dispute\"}");

    take(record, appliedAtAttempt(20, () -> new IllegalStateException("connection refused")));

    assertThat(attempts).hasValue(20);
    assertThat(applied).containsExactly(new Note("dispute"));
    assertThat(record.acked).isTrue();
    assertThat(record.nacked.get()).isNull();
    assertThat(deadLetters(Poison.FAILING)).isZero();
  }

  @Test
  void shouldTakeAConnectionErrorForAnOutageEvenWhenTheProbeAnswers() {
    Record record = new Record("{\"text\":\"dispute\"}");

    take(
        record,
        appliedAtAttempt(
            6, () -> new IllegalStateException(new SQLException("I/O error", "08006"))));

    assertThat(record.acked).isTrue();
    assertThat(probe.asked).hasValue(0);
  }

  @Test
  void shouldDeadLetterARecordThatKeepsFailingWhileTheDatabaseAnswers() {
    Record record = new Record("{\"text\":\"poison\"}");

    take(
        record,
        note -> {
          attempts.incrementAndGet();
          throw new IllegalArgumentException("CloseStarted has no field nonce");
        });

    assertThat(attempts).hasValue(3);
    assertThat(record.acked).isFalse();
    assertThat(record.nacked.get())
        .isInstanceOf(DeadLetter.class)
        .hasMessageContaining("failing: failed 3 times while the database answered")
        .hasMessageContaining("CloseStarted has no field nonce")
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(deadLetters(Poison.FAILING)).isEqualTo(1);
  }

  @Test
  void shouldLeaveTheRecordUnsettledForRedeliveryWhenStoppingDuringAnOutage() {
    probe.answers = false;
    Record record = new Record("{\"text\":\"dispute\"}");

    take(
        record,
        note -> {
          if (attempts.incrementAndGet() == 3) {
            guard.onStop(null);
          }
          throw new IllegalStateException("connection refused");
        });

    assertThat(attempts).hasValue(3);
    assertThat(record.acked).isFalse();
    assertThat(record.nacked.get()).isNull();
  }

  @Test
  void shouldStartTheCountersOfEveryEnabledDeadLetteringChannelAtZero() {
    var settings =
        new SmallRyeConfigBuilder()
            .withSources(
                new PropertiesConfigSource(
                    Map.of(
                        "mp.messaging.incoming.relay-a.failure-strategy", "dead-letter-queue",
                        "mp.messaging.incoming.watcher-b.failure-strategy", "dead-letter-queue",
                        "mp.messaging.incoming.watcher-b.enabled", "false",
                        "mp.messaging.incoming.router-c.failure-strategy", "fail"),
                    "test",
                    100))
            .build();

    guard.onStart(null, settings);

    assertThat(metrics.find(RecordGuard.METRIC).counters())
        .allSatisfy(c -> assertThat(c.count()).isZero())
        .extracting(c -> c.getId().getTag("channel") + "/" + c.getId().getTag("reason"))
        .containsExactlyInAnyOrder(
            "relay-a/oversized", "relay-a/malformed", "relay-a/refused", "relay-a/failing");
  }

  @Test
  void shouldDropDeadLetterHeadersARecordArrivedWithWhenSettingItAside() {
    var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
    headers.add("trace", "t".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    headers.add(
        "dead-letter-reason", "refused: forged".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    headers.add("dead-letter-topic", "elsewhere".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    RecordGuard.dropForgedHeaders(headers, "a record");

    assertThat(headers.toArray())
        .extracting(org.apache.kafka.common.header.Header::key)
        .containsExactly("trace");
  }
}
