package io.vigil.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.core.concurrent.Backoff;
import io.vigil.core.concurrent.WorkerLoops;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.FakeWebSocketNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The newHeads subscription against anvil's WebSocket endpoint (heads arrive by push), and against
 * endpoints that refuse subscriptions or go silent (it falls back to polling, says so, and keeps
 * subscribing again with backoff).
 */
class PushedHeadsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Backoff QUICK = new Backoff(Duration.ofMillis(100), Duration.ofMillis(200));

  private static Anvil anvil;

  private final MeterRegistry meters = new SimpleMeterRegistry();
  private final BlockingQueue<Long> heads = new LinkedBlockingQueue<>();
  private PushedHeads pushed;

  @BeforeAll
  static void startChain() {
    anvil = Anvil.start(List.of());
  }

  @AfterAll
  static void stopChain() {
    anvil.close();
  }

  @AfterEach
  void stopSubscription() {
    if (pushed != null) {
      pushed.close();
    }
  }

  private PushedHeads subscribe(List<String> urls, Duration stallTimeout) {
    pushed =
        new PushedHeads(
            new PushedHeads.Settings(
                urls, TIMEOUT, stallTimeout, QUICK, PushedHeads.Settings.MAX_MESSAGE_CHARS),
            new WorkerLoops(Clock.systemUTC(), meters),
            Clock.systemUTC(),
            meters);
    pushed.listen(heads::add);
    return pushed;
  }

  private double count(String name) {
    return meters.get(name).counter().count();
  }

  private double pushGauge() {
    return meters.get("vigil_chain_head_push").gauge().value();
  }

  private long blockNumber() {
    String answer = anvil.rpc("eth_blockNumber", "[]");
    String hex = answer.replaceAll(".*\"result\"\\s*:\\s*\"0x([0-9a-fA-F]+)\".*", "$1");
    return Long.parseLong(hex, 16);
  }

  @Test
  void shouldPushEveryNewHeadFromAnvil() throws InterruptedException {
    PushedHeads subscription = subscribe(List.of(anvil.wsUrl()), Duration.ofMinutes(1));
    Await.until(
        "the newHeads subscription", TIMEOUT, () -> subscription.mode() == HeadFeed.Mode.PUSH);

    for (int i = 0; i < 3; i++) {
      anvil.mine(1);
      long expected = blockNumber();
      Long head = heads.poll(2, TimeUnit.SECONDS);
      assertThat(head).as("head %d pushed", expected).isEqualTo(expected);
    }

    assertThat(count("vigil_chain_heads_pushed_total")).isEqualTo(3);
    assertThat(pushGauge()).isEqualTo(1);
    assertThat(count("vigil_chain_head_resubscriptions_total")).isZero();
    assertThat(count("vigil_chain_head_stalls_total")).isZero();
  }

  @Test
  void shouldPollAndKeepTryingWhenTheEndpointHasNoSubscriptions() {
    try (FakeWebSocketNode refusing = FakeWebSocketNode.start(FakeWebSocketNode.Behaviour.REFUSE)) {
      PushedHeads subscription = subscribe(List.of(refusing.url()), Duration.ofMinutes(1));

      Await.until("three refused subscriptions", TIMEOUT, () -> refusing.subscribes() >= 3);

      assertThat(subscription.mode()).isEqualTo(HeadFeed.Mode.POLL);
      assertThat(pushGauge()).isZero();
      assertThat(count("vigil_chain_head_resubscriptions_total")).isGreaterThanOrEqualTo(2);
      assertThat(count("vigil_chain_heads_pushed_total")).isZero();
    }
  }

  @Test
  void shouldDropASilentSubscriptionAndSubscribeAgain() {
    try (FakeWebSocketNode silent =
        FakeWebSocketNode.start(FakeWebSocketNode.Behaviour.GO_SILENT)) {
      PushedHeads subscription = subscribe(List.of(silent.url()), Duration.ofMillis(400));
      Await.until(
          "the silent subscription", TIMEOUT, () -> subscription.mode() == HeadFeed.Mode.PUSH);

      Await.until(
          "two stalls and a third subscription",
          TIMEOUT,
          () -> count("vigil_chain_head_stalls_total") >= 2 && silent.subscribes() >= 3);

      assertThat(count("vigil_chain_head_resubscriptions_total")).isGreaterThanOrEqualTo(2);
      assertThat(count("vigil_chain_heads_pushed_total")).isZero();
    }
  }

  @Test
  void shouldMoveOnToTheNextEndpointWhenOneRefuses() throws InterruptedException {
    try (FakeWebSocketNode refusing = FakeWebSocketNode.start(FakeWebSocketNode.Behaviour.REFUSE)) {
      PushedHeads subscription =
          subscribe(List.of(refusing.url(), anvil.wsUrl()), Duration.ofMinutes(1));
      Await.until(
          "a subscription on the second endpoint",
          TIMEOUT,
          () -> subscription.mode() == HeadFeed.Mode.PUSH);

      anvil.mine(1);

      assertThat(heads.poll(2, TimeUnit.SECONDS)).isEqualTo(blockNumber());
      assertThat(refusing.subscribes()).isEqualTo(1);
      assertThat(count("vigil_chain_head_resubscriptions_total")).isEqualTo(1);
    }
  }
}
