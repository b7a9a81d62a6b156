package io.vigil.client.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.client.ErrorCode;
import io.vigil.client.http.JsonHttp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Polling several routing servers at once: the lowest amount wins, a dead server never blocks. */
class RoutingClientTest {

  private static final String HASH = "0x" + "a1".repeat(32);

  private FakeRouter b;
  private FakeRouter c;
  private FakeRouter dead;
  private RoutingClient client;

  @BeforeEach
  void start() throws Exception {
    b = new FakeRouter("0b");
    c = new FakeRouter("0c");
    dead = new FakeRouter("0f");
    dead.delayMillis = 5_000;
    client =
        new RoutingClient(
            new JsonHttp.Limits(Duration.ofMillis(500), Duration.ofMillis(500), 1 << 16),
            Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    client.close();
    for (FakeRouter router : List.of(b, c, dead)) {
      router.close();
    }
  }

  private static Map.Entry<Integer, String> route(String amount, String nextHop) {
    return Map.entry(
        200,
        "{\"hash\":\""
            + HASH
            + "\",\"amount\":\""
            + amount
            + "\",\"unit\":\"ETH\",\"nextHop\":\""
            + nextHop
            + "\",\"expiresAt\":\"2026-12-07T06:00:00Z\"}");
  }

  @Test
  void shouldPickTheLowestAmountAcrossServersWhileOneHangs() {
    b.routes.put(HASH, route("106", "0x" + "d".repeat(40)));
    c.routes.put(HASH, route("103.0301", "0x" + "d".repeat(40)));
    long started = System.nanoTime();

    PollResult result = client.poll(HASH, List.of(dead.url(), b.url(), c.url()));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    assertThat(result.best()).get().extracting(RouteAnswer::server).isEqualTo(c.url());
    assertThat(result.best().get().amount()).isEqualByComparingTo("103.0301");
    assertThat(result.answers())
        .extracting(RouteAnswer::server)
        .containsExactly(dead.url(), b.url(), c.url());
    assertThat(result.answers().getFirst()).isInstanceOf(RouteAnswer.Failed.class);
    assertThat(((RouteAnswer.Failed) result.answers().getFirst()).code().retryable()).isTrue();
  }

  @Test
  void shouldPreferTheFirstConfiguredServerOnEqualAmounts() {
    b.routes.put(HASH, route("104.0", "0x" + "d".repeat(40)));
    c.routes.put(HASH, route("104", "0x" + "e".repeat(40)));

    assertThat(client.poll(HASH, List.of(c.url(), b.url())).best().get().server())
        .isEqualTo(c.url());
    assertThat(client.poll(HASH, List.of(b.url(), c.url())).best().get().server())
        .isEqualTo(b.url());
  }

  @Test
  void shouldTreatNoRouteAsKeepPollingAndAForeignHashAsABadAnswer() {
    c.routes.put(HASH, Map.entry(200, "{\"hash\":\"0x" + "ff".repeat(32) + "\",\"amount\":\"1\"}"));

    PollResult result = client.poll(HASH, List.of(b.url(), c.url()));

    assertThat(result.best()).isEmpty();
    assertThat(result.answers().get(0)).isEqualTo(new RouteAnswer.NoRoute(b.url()));
    assertThat(((RouteAnswer.Failed) result.answers().get(1)).code())
        .isEqualTo(ErrorCode.BAD_RESPONSE);
  }

  @Test
  void shouldKeepPollingUntilARouteAppearsWithinTheWait() throws Exception {
    Thread later =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Thread.sleep(600);
                  } catch (InterruptedException e) {
                    return;
                  }
                  b.routes.put(HASH, route("7", "0x" + "d".repeat(40)));
                });

    PollResult result =
        client.pollUntil(
            HASH, List.of(b.url()), Duration.ofSeconds(10), Duration.ZERO, Duration.ofMillis(100));
    later.join();

    assertThat(result.best())
        .get()
        .extracting(RouteAnswer.Route::nextHop)
        .isEqualTo("0x" + "d".repeat(40));
  }

  @Test
  void shouldGiveUpAfterTheWaitWithNoRoute() {
    PollResult result =
        client.pollUntil(
            HASH, List.of(b.url()), Duration.ofMillis(300), Duration.ZERO, Duration.ofMillis(100));

    assertThat(result.best()).isEmpty();
    assertThat(result.answers()).containsExactly(new RouteAnswer.NoRoute(b.url()));
  }
}
