package io.vigil.router.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.vigil.core.protocol.Bundle;
import io.vigil.core.protocol.BundleMessage;
import io.vigil.core.protocol.BundleSignatures;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.web3j.crypto.ECKeyPair;

/**
 * The seed topology A---B---D---E with C connected to B and D, where B, C and D are routing servers
 * run as separate Vigil processes (each with its own database) talking real HTTP, and A and E are
 * light clients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReactiveRoutingIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String HASH_1 = "0x" + "a1".repeat(32);
  private static final String HASH_2 = "0x" + "b2".repeat(32);
  private static final ECKeyPair A = RouterNode.key("aa");
  private static final ECKeyPair E = RouterNode.key("ee");

  private RouterNode b;
  private RouterNode c;
  private RouterNode d;
  private HttpServer fakePeer;

  @BeforeAll
  void startTopology() {
    TestInfrastructure.get();
    // B trims aggressively and heartbeats often, so a trimmed range exists to ask for
    b =
        RouterNode.launch(
            "router-b",
            "router_b",
            RouterNode.key("0b"),
            Map.of(
                "vigil.router.heartbeat-interval", "100ms",
                "vigil.router.bundle-retention-count", "8",
                "vigil.router.housekeeping-interval", "1s"));
    c = RouterNode.launch("router-c", "router_c", RouterNode.key("0c"), Map.of());
    d = RouterNode.launch("router-d", "router_d", RouterNode.key("0d"), Map.of());
    for (RouterNode node : List.of(b, c, d)) {
      node.process.awaitReady(VigilProcess.STARTUP);
    }
    // B: fee 5 flat towards D, 1% towards C; A is its light client
    b.serverLink(d, "5", 0, "10000", "10000");
    b.serverLink(c, "0", 10_000, "10000", "10000");
    b.link(RouterNode.address(A), "CLIENT", null, "0", 0, "10000", "10000");
    // C: 1% towards D
    c.serverLink(b, "0", 0, "10000", "10000");
    c.serverLink(d, "0", 10_000, "10000", "10000");
    // D: 1% towards its light client E; C's side of the D-C channel holds only 500
    d.serverLink(b, "0", 0, "10000", "10000");
    d.serverLink(c, "0", 0, "10000", "500");
    d.link(RouterNode.address(E), "CLIENT", null, "0", 10_000, "10000", "10000");
  }

  @AfterAll
  void stop() {
    if (fakePeer != null) {
      fakePeer.stop(0);
    }
    for (RouterNode node : new RouterNode[] {b, c, d}) {
      if (node != null) {
        node.close();
      }
    }
  }

  @Test
  @Order(1)
  void shouldGiveAThePathThroughCWhenEOriginatesAtD() {
    HttpResponse<String> originated =
        d.post("/v1/routing/originations", d.origination(E, HASH_1, "100"));

    assertThat(originated.statusCode()).as(originated.body()).isEqualTo(200);
    JsonNode outcome = RouterNode.read(originated.body());
    assertThat(outcome.get("outcome").asText()).isEqualTo("accepted");
    assertThat(outcome.get("amount").asText()).isEqualTo("101");
    assertThat(texts(outcome.get("forwardedTo"))).containsExactlyInAnyOrder(b.address, c.address);

    // via D directly: 101 + 5 = 106; via C: 101 × 1.01 = 102.01, then × 1.01 = 103.0301
    JsonNode best =
        Await.value(
            "B to hold the route through C",
            WAIT,
            () -> {
              JsonNode entry = heldMessage(b, HASH_1);
              return entry != null && entry.get("amount").asText().equals("103.0301")
                  ? entry
                  : null;
            });
    assertThat(best.get("nextHop").asText()).isEqualTo(c.address);
    assertThat(best.get("hash").asText()).isEqualTo(HASH_1);
    // the message reached B through both neighbours: each bundle stream carries one for B
    assertThat(messagesTo(d, b.address, HASH_1)).containsExactly("101");
    assertThat(messagesTo(c, b.address, HASH_1)).contains("102.01");
    Await.until(
        "B to have read both neighbours' bundles",
        WAIT,
        () ->
            cursor(b, d.address) >= seqOf(d, b.address, HASH_1)
                && cursor(b, c.address) >= seqOf(c, b.address, HASH_1));
    assertThat(b.get("/messagesByHash/" + HASH_1).body()).contains("103.0301");
  }

  @Test
  @Order(2)
  void shouldNotForwardWhereTheNeighbourCannotCarryTheAmount() {
    HttpResponse<String> originated =
        d.post("/v1/routing/originations", d.origination(E, HASH_2, "600"));

    JsonNode outcome = RouterNode.read(originated.body());
    assertThat(texts(outcome.get("forwardedTo"))).containsExactly(b.address);
    assertThat(outcome.get("skipped").get(0).get("neighbour").asText()).isEqualTo(c.address);
    JsonNode atB =
        Await.value("B to hear of the payment from D", WAIT, () -> heldMessage(b, HASH_2));
    // 600 × 1.01 = 606 at D, + 5 at B
    assertThat(atB.get("amount").asText()).isEqualTo("611");
    assertThat(atB.get("nextHop").asText()).isEqualTo(d.address);
    long dLast = d.node().get("lastSeq").asLong();
    Await.until("C to have read D's bundles", WAIT, () -> cursor(c, d.address) >= dLast);
    assertThat(messagesTo(d, c.address, HASH_2)).isEmpty();
    // C may still hear of it from B, whose side of the B-C channel can carry it
    HttpResponse<String> atC = c.get("/messagesByHash/" + HASH_2);
    if (atC.statusCode() == 200) {
      assertThat(RouterNode.read(atC.body()).get("nextHop").asText()).isEqualTo(b.address);
    }
  }

  @Test
  @Order(3)
  void shouldRefuseBadOriginationsWithAProblemAndStoreNothing() {
    JsonNode before = d.node();
    ECKeyPair stranger = RouterNode.key("5a");

    assertProblem(d.get("/messagesByHash/0x1234"), 400, "hash");
    assertProblem(d.get("/messagesByHash/" + "0x" + "zz".repeat(32)), 400, "hash");
    assertProblem(d.get("/messagesByHash/" + "0x" + "cd".repeat(32)), 404, "hash");
    Map<String, Object> malformedHash = d.origination(E, "0xabc", "10");
    assertProblem(d.post("/v1/routing/originations", malformedHash), 400, "hash");
    Map<String, Object> negative = d.origination(E, "0x" + "c1".repeat(32), "-5");
    assertProblem(d.post("/v1/routing/originations", negative), 400, "amount");
    Map<String, Object> words = d.origination(E, "0x" + "c2".repeat(32), "ten");
    assertProblem(d.post("/v1/routing/originations", words), 400, "amount");
    Map<String, Object> unknown = d.origination(stranger, "0x" + "c3".repeat(32), "10");
    assertProblem(d.post("/v1/routing/originations", unknown), 404, "client");
    Map<String, Object> forged = d.origination(A, "0x" + "c4".repeat(32), "10");
    forged.put("client", RouterNode.address(E));
    assertProblem(d.post("/v1/routing/originations", forged), 403, "signature");
    Map<String, Object> unsigned = d.origination(E, "0x" + "c5".repeat(32), "10");
    unsigned.remove("signature");
    assertProblem(d.post("/v1/routing/originations", unsigned), 400, "signature");
    Map<String, Object> fromServer = d.origination(b.key, "0x" + "c6".repeat(32), "10");
    assertProblem(d.post("/v1/routing/originations", fromServer), 400, "client");
    // an origination is bound to one server and a short lifetime
    long now = java.time.Instant.now().getEpochSecond();
    Map<String, Object> forB =
        RouterNode.origination(E, b.address, "0x" + "c7".repeat(32), "10", now + 300);
    assertProblem(d.post("/v1/routing/originations", forB), 403, "signature");
    Map<String, Object> expired =
        RouterNode.origination(E, d.address, "0x" + "c8".repeat(32), "10", now - 1);
    assertProblem(d.post("/v1/routing/originations", expired), 400, "expires");
    Map<String, Object> tooLong =
        RouterNode.origination(E, d.address, "0x" + "c9".repeat(32), "10", now + 3600);
    assertProblem(d.post("/v1/routing/originations", tooLong), 400, "expires");
    Map<String, Object> noExpiry = d.origination(E, "0x" + "ca".repeat(32), "10");
    noExpiry.remove("expires");
    assertProblem(d.post("/v1/routing/originations", noExpiry), 400, "expires");
    HttpResponse<String> truncated = d.post("/v1/routing/originations", "{\"client\":");
    assertThat(truncated.statusCode()).isEqualTo(400);
    assertThat(truncated.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(RouterNode.read(truncated.body()).path("field").asText()).isNotEmpty();
    String huge = "{\"client\":\"" + "x".repeat(70_000) + "\"}";
    assertTooLarge(d.post("/v1/routing/originations", huge));
    // a replayed origination changes nothing either
    HttpResponse<String> replay =
        d.post("/v1/routing/originations", d.origination(E, HASH_1, "100"));
    assertThat(RouterNode.read(replay.body()).get("outcome").asText()).isEqualTo("dropped");

    JsonNode after = d.node();
    assertThat(after.get("entries").asLong()).isEqualTo(before.get("entries").asLong());
    assertThat(after.get("queued").asLong()).isZero();
    for (String hash : List.of("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "ca")) {
      assertThat(d.get("/messagesByHash/0x" + hash.repeat(32)).statusCode()).isEqualTo(404);
    }
  }

  @Test
  @Order(4)
  void shouldRefuseBadRangesAndLinksWithAProblemAndStoreNothing() {
    String linksBefore = d.get("/v1/routing/links").body();

    assertProblem(d.get("/messageBundles/5/1"), 400, "end");
    assertThat(d.get("/messageBundles/5/1").body()).contains("reversed");
    assertProblem(d.get("/messageBundles/1/101"), 400, "end");
    assertThat(d.get("/messageBundles/1/101").body()).contains("cap");
    assertProblem(d.get("/messageBundles/0/3"), 400, "start");
    assertProblem(d.get("/messageBundles/x/3"), 400, "start");
    assertProblem(d.get("/messageBundles/1/99999999999999999999"), 400, "end");
    Map<String, Object> link = Map.of("kind", "SERVER", "baseUrl", "http://127.0.0.1:1");
    assertProblem(d.put("/v1/routing/links/0x12", link), 400, "address");
    assertProblem(
        d.put(
            "/v1/routing/links/0x" + "12".repeat(20), Map.of("kind", "CLIENT", "ourSpendable", -1)),
        400,
        "ourSpendable");
    assertProblem(
        d.put("/v1/routing/links/0x" + "12".repeat(20), Map.of("kind", "SERVER")), 400, "baseUrl");
    assertProblem(d.put("/v1/routing/links/0x" + "12".repeat(20), Map.of()), 400, "kind");
    assertTooLarge(
        d.put(
            "/v1/routing/links/0x" + "12".repeat(20),
            Map.of("kind", "SERVER", "baseUrl", "http://127.0.0.1:1/" + "x".repeat(70_000))));

    assertThat(d.get("/v1/routing/links").body()).isEqualTo(linksBefore);
  }

  @Test
  @Order(5)
  void shouldDropAndCountBundlesThatAreUnsignedOrSignedByAnotherKey() throws IOException {
    ECKeyPair fakeKey = RouterNode.key("f1");
    String fake = RouterNode.address(fakeKey);
    String hash = "0x" + "f0".repeat(32);
    AtomicReference<String> mode = new AtomicReference<>("unsigned");
    fakePeer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fakePeer.createContext(
        "/messageBundles/",
        exchange -> {
          Bundle unsigned =
              new Bundle(
                  fake,
                  "fake-table",
                  1,
                  1_000,
                  List.of(new BundleMessage(b.address, hash, "7", 3)),
                  null);
          Bundle bundle =
              switch (mode.get()) {
                case "unsigned" -> unsigned;
                case "wrong" -> BundleSignatures.sign(unsigned, RouterNode.key("f2"));
                default -> BundleSignatures.sign(unsigned, fakeKey);
              };
          byte[] body =
              RouterNode.JSON.writeValueAsBytes(
                  Map.of(
                      "node",
                      fake,
                      "tableId",
                      "fake-table",
                      "firstSeq",
                      1,
                      "lastSeq",
                      1,
                      "bundles",
                      List.of(bundle)));
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    fakePeer.start();
    b.link(
        fake,
        "SERVER",
        "http://127.0.0.1:" + fakePeer.getAddress().getPort(),
        "0",
        0,
        "10000",
        "10000");

    Await.until(
        "B to reject the unsigned bundle",
        WAIT,
        () -> b.metric("vigil_router_bundles_rejected_total", "reason=\"unsigned\"") >= 1);
    mode.set("wrong");
    Await.until(
        "B to reject the bundle signed by another key",
        WAIT,
        () -> b.metric("vigil_router_bundles_rejected_total", "reason=\"wrong-signature\"") >= 1);

    assertThat(b.get("/messagesByHash/" + hash).statusCode()).isEqualTo(404);
    assertThat(cursor(b, fake)).isZero();
    // the same bundle properly signed is processed, so the refusals above were the signatures'
    mode.set("good");
    Await.until(
        "B to accept the properly signed bundle",
        WAIT,
        () -> b.get("/messagesByHash/" + hash).statusCode() == 200);
    assertThat(cursor(b, fake)).isEqualTo(1);
  }

  @Test
  @Order(6)
  void shouldAnswerGoneWithTheStoredRangeWhenAskedForTrimmedBundles() {
    Await.until("B to trim its oldest bundles", WAIT, () -> b.node().get("firstSeq").asLong() > 1);

    HttpResponse<String> gone = b.get("/messageBundles/1/10");

    assertProblem(gone, 410, "start");
    long first = Long.parseLong(gone.headers().firstValue("Vigil-First-Seq").orElseThrow());
    assertThat(first).isGreaterThan(1);
    assertThat(gone.body()).contains("trimmed");
    HttpResponse<String> stored = b.get("/messageBundles/" + first + "/" + (first + 2));
    assertThat(stored.statusCode()).isEqualTo(200);
  }

  @Test
  @Order(7)
  void shouldKeepEveryStoredBundleWhenAServerIsKilledAndRestarted() {
    JsonNode before = d.node();
    long first = before.get("firstSeq").asLong();
    long last = Math.min(before.get("lastSeq").asLong(), first + 99);
    JsonNode bundlesBefore = RouterNode.read(d.get("/messageBundles/" + first + "/" + last).body());

    d.process.crash();
    d.restart(d.properties.get("quarkus.datasource.jdbc.url"));

    JsonNode after = d.node();
    assertThat(after.get("tableId").asText()).isEqualTo(before.get("tableId").asText());
    assertThat(after.get("lastSeq").asLong()).isGreaterThanOrEqualTo(last);
    JsonNode bundlesAfter = RouterNode.read(d.get("/messageBundles/" + first + "/" + last).body());
    assertThat(bundlesAfter.get("bundles")).isEqualTo(bundlesBefore.get("bundles"));
    assertThat(d.get("/messagesByHash/" + HASH_1).body()).contains("\"amount\":\"101\"");
  }

  @Test
  @Order(8)
  void shouldResynchroniseWhenANeighbourRestartsWithoutItsHistory() {
    String oldTable = c.node().get("tableId").asText();
    double resyncsBefore =
        b.metric("vigil_router_peer_resyncs_total", "peer=\"" + c.address + "\"");

    c.process.crash();
    c.restart(TestInfrastructure.get().postgres().createDatabase("router_c_fresh"));

    String newTable = c.node().get("tableId").asText();
    assertThat(newTable).isNotEqualTo(oldTable);
    Await.until(
        "B to notice C's new table id",
        WAIT,
        () ->
            b.metric("vigil_router_peer_resyncs_total", "peer=\"" + c.address + "\"")
                > resyncsBefore);
    // the route through C is gone with C's history (C has no links yet, so nothing replaces it)
    assertThat(b.get("/messagesByHash/" + HASH_1).statusCode()).isEqualTo(404);
    assertThat(peer(b, c.address).get("tableId").asText()).isEqualTo(newTable);

    // the operator declares C's links again; C reads D's and B's history from seq 1 and the
    // route through C comes back at B
    c.serverLink(b, "0", 0, "10000", "10000");
    c.serverLink(d, "0", 10_000, "10000", "10000");
    Await.until(
        "B to hold the route through C again",
        WAIT,
        () -> {
          HttpResponse<String> polled = b.get("/messagesByHash/" + HASH_1);
          return polled.statusCode() == 200
              && polled.body().contains("\"amount\":\"103.0301\"")
              && polled.body().contains(c.address);
        });
  }

  /** The message {@code node} holds for {@code hash}, or null while it holds none. */
  private static JsonNode heldMessage(RouterNode node, String hash) {
    HttpResponse<String> polled = node.get("/messagesByHash/" + hash);
    return polled.statusCode() == 200 ? RouterNode.read(polled.body()) : null;
  }

  private static void assertProblem(HttpResponse<String> response, int status, String field) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode problem = RouterNode.read(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("field").asText()).isEqualTo(field);
  }

  /** The HTTP layer's refusal of a body over the 64K limit: a problem naming the limit. */
  private static void assertTooLarge(HttpResponse<String> response) {
    assertProblem(response, 413, "body");
    JsonNode problem = RouterNode.read(response.body());
    assertThat(problem.get("type").asText()).isEqualTo("urn:vigil:problem:too-large");
    assertThat(problem.get("detail").asText()).isEqualTo("body: larger than the 65536-byte limit");
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  /** Amounts of the messages a server's stored bundles carry for one neighbour and hash. */
  private static List<String> messagesTo(RouterNode server, String to, String hash) {
    return stored(server).stream()
        .flatMap(bundle -> StreamSupport.stream(bundle.get("messages").spliterator(), false))
        .filter(m -> m.get("to").asText().equals(to) && m.get("hash").asText().equals(hash))
        .map(m -> m.get("amount").asText())
        .toList();
  }

  private static long seqOf(RouterNode server, String to, String hash) {
    return stored(server).stream()
        .filter(
            bundle ->
                StreamSupport.stream(bundle.get("messages").spliterator(), false)
                    .anyMatch(
                        m ->
                            m.get("to").asText().equals(to) && m.get("hash").asText().equals(hash)))
        .mapToLong(bundle -> bundle.get("seq").asLong())
        .min()
        .orElseThrow();
  }

  private static List<JsonNode> stored(RouterNode server) {
    JsonNode node = server.node();
    long first = node.get("firstSeq").asLong();
    long last = node.get("lastSeq").asLong();
    List<JsonNode> all = new java.util.ArrayList<>();
    for (long start = first; start <= last; start += 100) {
      HttpResponse<String> page =
          server.get("/messageBundles/" + start + "/" + Math.min(last, start + 99));
      if (page.statusCode() == 410) {
        continue;
      }
      RouterNode.read(page.body()).get("bundles").forEach(all::add);
    }
    return all;
  }

  private static JsonNode peer(RouterNode server, String peer) {
    for (JsonNode row : RouterNode.read(server.get("/v1/routing/peers").body())) {
      if (row.get("peer").asText().equals(peer)) {
        return row;
      }
    }
    return null;
  }

  private static long cursor(RouterNode server, String peer) {
    JsonNode row = peer(server, peer);
    return row == null ? -1 : row.get("lastSeq").asLong();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
