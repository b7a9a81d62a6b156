package io.vigil.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class WorkerLoopTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration PERIOD = Duration.ofSeconds(2);
  private static final Backoff BACKOFF = Backoff.upTo(Duration.ofSeconds(1), 4);

  private final MutableClock clock = MutableClock.at(T0);
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final WorkerLoops loops = new WorkerLoops(clock, metrics);
  private final List<RuntimeException> handled = new ArrayList<>();

  /** A loop whose rounds answer (or throw) what the script says, in order. */
  private WorkerLoop scripted(Deque<Supplier<Duration>> script) {
    return loops.create("test-loop", () -> script.removeFirst().get(), BACKOFF, handled::add);
  }

  private static Supplier<Duration> fails() {
    return () -> {
      throw new IllegalStateException("node down");
    };
  }

  @Test
  void shouldWaitWhatTheRoundAnswersAndRecordTheSuccess() {
    WorkerLoop loop = scripted(new ArrayDeque<>(List.of(() -> PERIOD)));
    clock.advance(Duration.ofSeconds(5));

    assertThat(loop.runOnce()).isEqualTo(PERIOD);

    assertThat(loop.lastSuccess()).contains(T0.plusSeconds(5));
    assertThat(loop.rounds()).isEqualTo(1);
    assertThat(loop.failures()).isZero();
  }

  @Test
  void shouldHandTheFailureOnAndBackOffWhileRoundsKeepFailing() {
    WorkerLoop loop = scripted(new ArrayDeque<>(List.of(fails(), fails(), fails(), fails())));

    assertThat(loop.runOnce()).isEqualTo(Duration.ofSeconds(1));
    assertThat(loop.runOnce()).isEqualTo(Duration.ofSeconds(2));
    assertThat(loop.runOnce()).isEqualTo(Duration.ofSeconds(4));
    assertThat(loop.runOnce()).isEqualTo(Duration.ofSeconds(4));

    assertThat(handled).hasSize(4).allMatch(e -> e.getMessage().equals("node down"));
    assertThat(loop.failures()).isEqualTo(4);
    assertThat(loop.failuresInARow()).isEqualTo(4);
    assertThat(loop.lastSuccess()).isEmpty();
  }

  @Test
  void shouldStartTheBackoffAgainAfterASuccess() {
    WorkerLoop loop = scripted(new ArrayDeque<>(List.of(fails(), fails(), () -> PERIOD, fails())));
    loop.runOnce();
    loop.runOnce();
    loop.runOnce();

    assertThat(loop.failuresInARow()).isZero();
    assertThat(loop.runOnce()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void shouldCountTheTimeSinceCreationUntilTheFirstSuccess() {
    WorkerLoop loop = scripted(new ArrayDeque<>(List.of(fails(), () -> PERIOD)));
    clock.advance(Duration.ofSeconds(30));
    loop.runOnce();

    assertThat(loop.sinceLastSuccess()).isEqualTo(Duration.ofSeconds(30));

    loop.runOnce();
    clock.advance(Duration.ofSeconds(3));
    assertThat(loop.sinceLastSuccess()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void shouldSurviveAFailingFailureHandler() {
    WorkerLoop loop =
        loops.create(
            "test-loop",
            () -> {
              throw new IllegalStateException("round");
            },
            BACKOFF,
            e -> {
              throw new IllegalArgumentException("handler");
            });

    assertThat(loop.runOnce()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void shouldPublishRoundsFailuresAndLastSuccessPerLoop() {
    WorkerLoop loop = scripted(new ArrayDeque<>(List.of(() -> PERIOD, fails())));
    clock.advance(Duration.ofSeconds(7));
    loop.runOnce();
    loop.runOnce();

    assertThat(
            metrics
                .get("vigil_worker_rounds_total")
                .tag("loop", "test-loop")
                .functionCounter()
                .count())
        .isEqualTo(2);
    assertThat(
            metrics
                .get("vigil_worker_failures_total")
                .tag("loop", "test-loop")
                .functionCounter()
                .count())
        .isEqualTo(1);
    assertThat(
            metrics
                .get("vigil_worker_last_success_seconds")
                .tag("loop", "test-loop")
                .gauge()
                .value())
        .isEqualTo(T0.plusSeconds(7).getEpochSecond());
  }

  @Test
  void shouldRunRoundsOnItsNamedThreadUntilStoppedAndWakeOnRequest() throws Exception {
    CountDownLatch first = new CountDownLatch(1);
    CountDownLatch woken = new CountDownLatch(2);
    List<String> threads = new ArrayList<>();
    WorkerLoop loop =
        loops.create(
            "named-loop",
            () -> {
              synchronized (threads) {
                threads.add(Thread.currentThread().getName());
              }
              first.countDown();
              woken.countDown();
              return Duration.ofHours(1);
            },
            BACKOFF);

    loop.start();
    assertThat(first.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(loop.running()).isTrue();
    loop.wake();
    assertThat(woken.await(5, TimeUnit.SECONDS)).isTrue();
    loop.stop();

    assertThat(loop.running()).isFalse();
    synchronized (threads) {
      assertThat(threads).isNotEmpty().allMatch("named-loop"::equals);
    }
  }
}
