package io.vigil.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.SignedState;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.HttpExchanges;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.VigilProcess;
import io.vigil.testsupport.contract.ChannelHub;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.Log;

/**
 * The watchtower as separately started processes on a private anvil: reorgs of the stale close,
 * abrupt kills at each point of the dispute flow, and a standby follower taking over.
 */
class WatchtowerProcessIT {

  static final String KEY_A = Anvil.DEV_KEYS.get(1);
  static final String KEY_B = Anvil.DEV_KEYS.get(2);
  static final BigInteger BOUNTY = BigInteger.TEN.pow(17);
  static final long PERIOD = 3_600;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldDisputeOnceOnTheFinalChainWhenTheStaleCloseIsReorgedOutAndMinedAgain() {
    try (VigilStack stack = new VigilStack();
        VigilProcess vigil = stack.start("watchtower-reorg", "all")) {
      Channel channel = openAndDelegate(stack, vigil);
      String snapshot = result(stack.anvil.rpc("evm_snapshot", "[]"));

      stack.driver.close(KEY_A, channel.stale());
      Await.until(
          "the watcher to see the first close",
          Duration.ofSeconds(60),
          () -> closeNonce(vigil, channel.id()) == channel.stale().state().nonce());

      assertThat(result(stack.anvil.rpc("evm_revert", "[\"" + snapshot + "\"]"))).isEqualTo("true");
      stack.anvil.mine(2); // the close will land at another height, in another block
      long closeDeadline = close(stack, channel);

      List<Log> disputes =
          awaitDisputes(stack, channel, "the dispute on the final chain", Duration.ofSeconds(90));
      stack.anvil.mine(3);
      assertThat(stack.driver.logs(ChannelHub.DISPUTED_EVENT, channel.id())).hasSize(1);
      assertThat(stack.driver.logs(ChannelHub.CLOSESTARTED_EVENT, channel.id())).hasSize(1);
      long disputeBlock = disputes.get(0).getBlockNumber().longValueExact();
      assertThat(stack.blockTime(disputeBlock)).isLessThanOrEqualTo(closeDeadline);
      Await.until(
          "the cursor to rest on the canonical head",
          Duration.ofSeconds(30),
          () -> {
            String[] cursor = stack.cursor();
            long head = stack.blockNumber();
            return cursor != null
                && Long.parseLong(cursor[0]) == head
                && cursor[1].equalsIgnoreCase(stack.blockHash(head));
          });
      assertThat(metric(vigil, "vigil_chain_reorgs_total")).isGreaterThanOrEqualTo(1);
      Await.until(
          "the watcher to record the dispute of the final chain",
          Duration.ofSeconds(30),
          () -> disputedNonce(vigil, channel.id()) == channel.latest().state().nonce());
    }
  }

  @Test
  void shouldDisputeExactlyOnceBeforeTheDeadlineWhenKilledAtEachPointOfTheFlow() {
    try (VigilStack stack = new VigilStack()) {
      // 1. Killed after the close is mined, before it is processed.
      VigilProcess watcher = stack.start("crash-watcher-1", "chain,watcher");
      VigilProcess relay = stack.start("crash-relay-1", "relay");
      Channel first = openAndDelegate(stack, watcher);
      watcher.crash();
      long deadline1 = close(stack, first);
      watcher = stack.start("crash-watcher-1b", "chain,watcher");
      assertDisputedOnceInTime(stack, first, deadline1);

      // 2. Killed after the dispute request is produced, before the relay sends it.
      relay.crash();
      Channel second = openAndDelegate(stack, watcher);
      long deadline2 = close(stack, second);
      Await.until(
          "the dispute request to be published",
          Duration.ofSeconds(60),
          () ->
              stack.queryLong(
                      "select count(*) from watcher_request where purpose = 'DISPUTE' and"
                          + " published and channel_id = ?",
                      second.id().toBytes())
                  == 1);
      watcher.crash();
      assertThat(stack.driver.logs(ChannelHub.DISPUTED_EVENT, second.id())).isEmpty();
      watcher = stack.start("crash-watcher-2", "chain,watcher");
      relay = stack.start("crash-relay-2", "relay");
      assertDisputedOnceInTime(stack, second, deadline2);

      // 3. Killed after the dispute is sent, before it is mined.
      Channel third = openAndDelegate(stack, watcher);
      String hunter = Delegating.HUNTER;
      stack.anvil.setAutomine(false);
      long deadline3;
      try {
        String before = nonce(stack, hunter, "latest");
        stack
            .driver
            .as(KEY_A)
            .close(
                HubFixture.toContract(third.stale().state()),
                third.stale().signatureA().toBytes(),
                third.stale().signatureB().toBytes())
            .sendAsync();
        Await.until(
            "the close to reach the pool",
            Duration.ofSeconds(30),
            () ->
                !nonce(stack, HubFixture.address(KEY_A), "pending")
                    .equals(nonce(stack, HubFixture.address(KEY_A), "latest")));
        stack.anvil.mine(1);
        deadline3 =
            ChannelHub.getCloseStartedEventFromLog(
                    stack.driver.logs(ChannelHub.CLOSESTARTED_EVENT, third.id()).get(0))
                .deadline
                .longValueExact();
        Await.until(
            "the dispute to be in the pool",
            Duration.ofSeconds(60),
            () -> !nonce(stack, hunter, "pending").equals(before));
        watcher.crash();
        relay.crash();
      } finally {
        stack.anvil.setAutomine(true);
      }
      stack.anvil.mine(1);
      watcher = stack.start("crash-watcher-3", "chain,watcher");
      relay = stack.start("crash-relay-3", "relay");
      assertDisputedOnceInTime(stack, third, deadline3);
      VigilProcess lastWatcher = watcher;
      Await.until(
          "the restarted watcher to record the mined dispute",
          Duration.ofSeconds(60),
          () -> disputedNonce(lastWatcher, third.id()) == third.latest().state().nonce());
      watcher.close();
      relay.close();
    }
  }

  @Test
  void shouldResumeFromTheCursorWithoutGapOrDuplicateWhenTheActiveFollowerIsKilled() {
    try (VigilStack stack = new VigilStack();
        VigilProcess one = stack.start("follower-1", "chain");
        VigilProcess two = stack.start("follower-2", "chain")) {
      Await.until(
          "exactly one active follower",
          Duration.ofSeconds(30),
          () ->
              metric(one, "vigil_chain_follower_active")
                      + metric(two, "vigil_chain_follower_active")
                  == 1);
      VigilProcess active = metric(one, "vigil_chain_follower_active") == 1 ? one : two;
      VigilProcess standby = active == one ? two : one;
      List<ChannelId> before = openChannels(stack, 3);
      awaitCursorAtHead(stack);

      active.crash();
      List<ChannelId> during = openChannels(stack, 3);
      Await.until(
          "the standby to take over",
          Duration.ofSeconds(30),
          () -> metric(standby, "vigil_chain_follower_active") == 1);
      List<ChannelId> after = openChannels(stack, 3);
      awaitCursorAtHead(stack);

      List<JsonNode> published = ChannelEventsTopic.readAll(stack.topics + ".channel-events");
      List<String> opened =
          published.stream()
              .filter(event -> event.get("type").asText().equals("ChannelOpened"))
              .map(event -> event.get("channelId").asText())
              .toList();
      List<String> expected =
          java.util.stream.Stream.of(before, during, after)
              .flatMap(List::stream)
              .map(ChannelId::hex)
              .toList();
      assertThat(opened).containsExactlyElementsOf(expected);
      assertThat(published.stream().map(event -> event.get("eventId").asText()))
          .doesNotHaveDuplicates();
    }
  }

  // ------------------------------------------------------------------------------------------

  record Channel(ChannelId id, SignedState latest, SignedState stale) {}

  private Channel openAndDelegate(VigilStack stack, VigilProcess vigil) {
    ChannelId id =
        stack.driver.open(KEY_A, KEY_B, HubFixture.ETHER, HubFixture.ETHER, PERIOD, BOUNTY);
    List<SignedState> states =
        stack.driver.payments(
            id, HubFixture.ETHER, HubFixture.ETHER, BigInteger.TEN.pow(15), 20, KEY_A, KEY_B);
    String body;
    try {
      body =
          json.writeValueAsString(
              Delegating.body(
                  states.get(19), stack.driver.hunterAuthorization(id, Delegating.HUNTER, KEY_B)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Await.until(
        "the watcher to accept the delegation",
        Duration.ofSeconds(60),
        () -> post(vigil, "/v1/watcher/delegations", body) == 201);
    return new Channel(id, states.get(19), states.get(4));
  }

  private static long close(VigilStack stack, Channel channel) {
    return ChannelHub.getCloseStartedEvents(stack.driver.close(KEY_A, channel.stale()))
        .get(0)
        .deadline
        .longValueExact();
  }

  private static List<Log> awaitDisputes(
      VigilStack stack, Channel channel, String what, Duration timeout) {
    return Await.value(
        what,
        timeout,
        () -> {
          List<Log> found = stack.driver.logs(ChannelHub.DISPUTED_EVENT, channel.id());
          return found.isEmpty() ? null : found;
        });
  }

  private static void assertDisputedOnceInTime(VigilStack stack, Channel channel, long deadline) {
    List<Log> disputes =
        awaitDisputes(stack, channel, "the dispute of " + channel.id(), Duration.ofSeconds(120));
    stack.anvil.mine(2);
    assertThat(stack.driver.logs(ChannelHub.DISPUTED_EVENT, channel.id())).hasSize(1);
    var disputed = ChannelHub.getDisputedEventFromLog(disputes.get(0));
    assertThat(disputed.nonce.longValueExact()).isEqualTo(channel.latest().state().nonce());
    assertThat(disputed.bountyTo).isEqualToIgnoringCase(Delegating.HUNTER);
    assertThat(stack.blockTime(disputes.get(0).getBlockNumber().longValueExact()))
        .isLessThanOrEqualTo(deadline);
  }

  private static List<ChannelId> openChannels(VigilStack stack, int count) {
    List<ChannelId> ids = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(
          stack.driver.open(
              KEY_A, KEY_B, HubFixture.ETHER, BigInteger.ZERO, PERIOD, BigInteger.ZERO));
    }
    return ids;
  }

  private static void awaitCursorAtHead(VigilStack stack) {
    Await.until(
        "the cursor to reach the head",
        Duration.ofSeconds(60),
        () -> {
          String[] cursor = stack.cursor();
          return cursor != null && Long.parseLong(cursor[0]) == stack.blockNumber();
        });
  }

  private static String nonce(VigilStack stack, String address, String tag) {
    return result(
        stack.anvil.rpc("eth_getTransactionCount", "[\"" + address + "\", \"" + tag + "\"]"));
  }

  private long closeNonce(VigilProcess vigil, ChannelId id) {
    JsonNode status = status(vigil, id);
    return status == null || status.get("closeNonce").isNull()
        ? -1
        : status.get("closeNonce").asLong();
  }

  private long disputedNonce(VigilProcess vigil, ChannelId id) {
    JsonNode status = status(vigil, id);
    return status == null || status.get("disputedNonce").isNull()
        ? -1
        : status.get("disputedNonce").asLong();
  }

  private JsonNode status(VigilProcess vigil, ChannelId id) {
    HttpResponse<String> response = vigil.get(Delegating.status(id));
    if (response.statusCode() != 200) {
      return null;
    }
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double metric(VigilProcess vigil, String name) {
    String body = vigil.getManagement("/q/metrics").body();
    return body.lines()
        .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private int post(VigilProcess vigil, String path, String body) {
    return HttpExchanges.sendForText(
            http,
            HttpRequest.newBuilder(URI.create(vigil.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build())
        .statusCode();
  }

  private static String result(String answer) {
    return answer.replaceAll(".*\"result\":\"?([^\",}]*)\"?.*", "$1");
  }
}
