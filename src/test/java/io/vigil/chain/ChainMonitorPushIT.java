package io.vigil.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.FakeWebSocketNode;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.RpcProxy;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Vigil process running the chain role with a deliberately long poll interval: with anvil's
 * WebSocket endpoint in {@code vigil.chain.ws-urls} it processes each new block far sooner than the
 * interval; with an endpoint that refuses subscriptions or goes silent it still follows every block
 * by polling, stays ready, and says how heads arrive.
 */
class ChainMonitorPushIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LONG_POLL = Duration.ofSeconds(5);

  private static Anvil anvil;
  private static HubFixture hub;

  @BeforeAll
  static void startChain() {
    anvil = Anvil.start(List.of());
    hub = HubFixture.deploy(anvil);
  }

  @AfterAll
  static void stopChain() {
    anvil.close();
  }

  /** The config with its JSON-RPC endpoint replaced (by a proxy in front of anvil). */
  private static Map<String, String> withRpc(Map<String, String> config, String rpcUrl) {
    config.put("vigil.chain.rpc-urls", rpcUrl);
    return config;
  }

  private static Map<String, String> config(String wsUrl, Duration pollInterval) {
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    Map<String, String> config = new HashMap<>(TestInfrastructure.get().vigilConfig());
    config.put(
        "quarkus.datasource.jdbc.url",
        TestInfrastructure.get().postgres().createDatabase("heads_" + id));
    config.put("mp.messaging.outgoing.chain-channel-events-out.topic", "heads-" + id);
    config.put("vigil.roles", "chain");
    config.put("vigil.chain.rpc-urls", anvil.rpcUrl());
    config.put("vigil.chain.hub-address", hub.hub().hex());
    config.put("vigil.chain.ws-urls", wsUrl);
    config.put("vigil.chain.head-stall-timeout", "1s");
    config.put("vigil.chain.monitor.start-block", String.valueOf(hub.chain().blockNumber()));
    config.put("vigil.chain.monitor.confirmations", "0");
    config.put("vigil.chain.monitor.poll-interval", pollInterval.toMillis() + "ms");
    config.put("vigil.chain.monitor.lease-retry", "200ms");
    return config;
  }

  /** The chain follower's readiness check: status and data. */
  private static JsonNode follower(VigilProcess vigil) {
    try {
      JsonNode health = JSON.readTree(vigil.getManagement("/q/health/ready").body());
      for (JsonNode check : health.path("checks")) {
        if ("chain-follower".equals(check.path("name").asText())) {
          return check;
        }
      }
      throw new AssertionError("no chain-follower check in " + health);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long processed(VigilProcess vigil) {
    return follower(vigil).path("data").path("processedBlock").asLong(-1);
  }

  private static String heads(VigilProcess vigil) {
    return follower(vigil).path("data").path("heads").asText();
  }

  /** A meter's value, tagged or not (the sum over its tags). */
  private static double meter(VigilProcess vigil, String name) {
    Matcher lines =
        Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE)
            .matcher(vigil.getManagement("/q/metrics").body());
    double total = 0;
    while (lines.find()) {
      total += Double.parseDouble(lines.group(2));
    }
    return total;
  }

  /** Mines one block and answers how long the process took to process it. */
  private static Duration mineAndTime(VigilProcess vigil, Duration timeout) {
    anvil.mine(1);
    long block = hub.chain().blockNumber();
    long start = System.nanoTime();
    Await.until("block " + block + " processed", timeout, () -> processed(vigil) >= block);
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Test
  void shouldProcessEachNewBlockFarSoonerThanThePollIntervalWhenHeadsArePushed() {
    try (VigilProcess vigil = VigilProcess.start("heads-push", config(anvil.wsUrl(), LONG_POLL))) {
      Await.until("heads by push", Duration.ofSeconds(30), () -> heads(vigil).equals("push"));
      Await.until(
          "the start block processed",
          Duration.ofSeconds(30),
          () -> processed(vigil) >= hub.chain().blockNumber());

      Duration slowest = Duration.ZERO;
      for (int i = 0; i < 3; i++) {
        Duration took = mineAndTime(vigil, LONG_POLL.multipliedBy(3));
        slowest = took.compareTo(slowest) > 0 ? took : slowest;
      }

      // Polling alone would take up to 5 s per block: three blocks under 1.5 s each by chance is
      // (1.5/5)^3, under 3%.
      assertThat(slowest).isLessThan(Duration.ofMillis(1500));
      assertThat(meter(vigil, "vigil_chain_heads_pushed_total")).isGreaterThanOrEqualTo(3);
      assertThat(meter(vigil, "vigil_chain_head_push")).isEqualTo(1);
      assertThat(follower(vigil).path("status").asText()).isEqualTo("UP");
    }
  }

  @Test
  void shouldAimAtEachPushedHeadWithoutAskingTheHeadOverHttp() {
    Map<String, String> config = config(anvil.wsUrl(), LONG_POLL);
    // A subscription that stays up between blocks: every block below is pushed.
    config.put("vigil.chain.head-stall-timeout", "60s");
    try (RpcProxy http = RpcProxy.in(anvil.rpcUrl());
        VigilProcess vigil = VigilProcess.start("heads-known", withRpc(config, http.url()))) {
      Await.until("heads by push", Duration.ofSeconds(30), () -> heads(vigil).equals("push"));
      Await.until(
          "the start block processed",
          Duration.ofSeconds(30),
          () -> processed(vigil) >= hub.chain().blockNumber());
      int headCalls = http.calls("eth_blockNumber");
      double pushed = meter(vigil, "vigil_chain_heads_pushed_total");
      long start = System.nanoTime();

      for (int i = 0; i < 3; i++) {
        mineAndTime(vigil, LONG_POLL.multipliedBy(3));
      }

      // Only the poll rounds (one per poll interval at most) ask the head; the pushed ones don't.
      int pollRounds = (int) Duration.ofNanos(System.nanoTime() - start).dividedBy(LONG_POLL) + 1;
      assertThat(meter(vigil, "vigil_chain_heads_pushed_total") - pushed).isEqualTo(3);
      assertThat(http.calls("eth_blockNumber") - headCalls).isLessThanOrEqualTo(pollRounds);
    }
  }

  @Test
  void shouldConnectOnlyTheHttpNodesBlocksWhenItLagsBehindThePushedHeads() {
    Map<String, String> config = config(anvil.wsUrl(), LONG_POLL);
    config.put("vigil.chain.head-stall-timeout", "60s");
    try (RpcProxy http = RpcProxy.in(anvil.rpcUrl());
        VigilProcess vigil = VigilProcess.start("heads-lagging", withRpc(config, http.url()))) {
      Await.until("heads by push", Duration.ofSeconds(30), () -> heads(vigil).equals("push"));
      Await.until(
          "the start block processed",
          Duration.ofSeconds(30),
          () -> processed(vigil) >= hub.chain().blockNumber());

      http.lagBlocks(2);
      anvil.mine(3);
      long pushed = hub.chain().blockNumber();
      Await.until(
          "the HTTP node's newest block processed",
          Duration.ofSeconds(10),
          () -> processed(vigil) >= pushed - 2);
      Thread.sleep(500);
      assertThat(processed(vigil)).as("nothing past the HTTP node's head").isEqualTo(pushed - 2);

      http.behaveNormally();
      Duration took = mineAndTime(vigil, LONG_POLL.multipliedBy(3));

      assertThat(took).isLessThan(Duration.ofMillis(1500));
      assertThat(follower(vigil).path("status").asText()).isEqualTo("UP");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldFollowBlocksByPollingAndStayReadyWhenTheEndpointHasNoSubscriptions() {
    try (FakeWebSocketNode refusing = FakeWebSocketNode.start(FakeWebSocketNode.Behaviour.REFUSE);
        VigilProcess vigil =
            VigilProcess.start("heads-refused", config(refusing.url(), Duration.ofMillis(300)))) {
      Await.until(
          "a refused subscription", Duration.ofSeconds(30), () -> refusing.subscribes() >= 1);

      anvil.mine(3);
      long block = hub.chain().blockNumber();
      Await.until(
          "blocks followed by polling", Duration.ofSeconds(10), () -> processed(vigil) >= block);

      assertThat(heads(vigil)).isEqualTo("poll");
      assertThat(follower(vigil).path("status").asText()).isEqualTo("UP");
      assertThat(meter(vigil, "vigil_chain_head_push")).isZero();
      assertThat(meter(vigil, "vigil_chain_heads_pushed_total")).isZero();
    }
  }

  @Test
  void shouldFollowBlocksByPollingAndSubscribeAgainWhenTheSubscriptionGoesSilent() {
    try (FakeWebSocketNode silent = FakeWebSocketNode.start(FakeWebSocketNode.Behaviour.GO_SILENT);
        VigilProcess vigil =
            VigilProcess.start("heads-silent", config(silent.url(), Duration.ofMillis(300)))) {
      Await.until(
          "a stalled subscription made again",
          Duration.ofSeconds(30),
          () -> meter(vigil, "vigil_chain_head_stalls_total") >= 1 && silent.subscribes() >= 2);

      anvil.mine(3);
      long block = hub.chain().blockNumber();
      Await.until(
          "blocks followed by polling", Duration.ofSeconds(10), () -> processed(vigil) >= block);

      assertThat(meter(vigil, "vigil_chain_head_resubscriptions_total")).isGreaterThanOrEqualTo(1);
      assertThat(meter(vigil, "vigil_chain_heads_pushed_total")).isZero();
      assertThat(follower(vigil).path("status").asText()).isEqualTo("UP");
    }
  }
}
