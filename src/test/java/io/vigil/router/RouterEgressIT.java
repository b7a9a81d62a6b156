package io.vigil.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.HttpExchanges;
import io.vigil.testsupport.PostgresServer;
import io.vigil.testsupport.TestAuth;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Outbound calls of the router role against two real router processes: one with the production
 * policy (nothing allow-listed, not even loopback), which must refuse peer and contact URLs at
 * loopback, link-local and private addresses both when they are configured and when they are
 * called; and one that allow-lists 127.0.0.1 to reach a hostile peer on loopback, which streams an
 * endless body, answers errors carrying its own text, and sends unreadable pages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouterEgressIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** The hostile peer's node address, and text of its own that must never be shown on the API. */
  private static final String PEER = "0x" + "ba".repeat(20);

  private static final String MARKER = "hostile-peer-text-<script>";

  /** What the hostile peer streams at most per answer: four times a router process's heap. */
  private static final long ENDLESS = 2L << 30;

  private static final long MAX_BODY = 1 << 20;

  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final AtomicInteger baitRequests = new AtomicInteger();
  private final AtomicReference<String> mode = new AtomicReference<>("good");
  private final Set<String> paths = ConcurrentHashMap.newKeySet();
  private final AtomicLong mostStreamed = new AtomicLong();
  private final AtomicInteger cutOff = new AtomicInteger();
  private HttpServer bait;
  private String baitUrl;
  private HttpServer hostile;
  private String hostileUrl;
  private VigilProcess strict;
  private String strictDatabase;
  private VigilProcess open;

  @BeforeAll
  void start() throws IOException {
    // on loopback, for the process that must never call it
    bait = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    bait.setExecutor(handlers);
    bait.createContext(
        "/",
        exchange -> {
          baitRequests.incrementAndGet();
          write(exchange, 200, "{}");
        });
    bait.start();
    baitUrl = "http://127.0.0.1:" + bait.getAddress().getPort();
    hostile = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hostile.setExecutor(handlers);
    hostile.createContext("/", this::answer);
    hostile.start();
    hostileUrl = "http://127.0.0.1:" + hostile.getAddress().getPort();

    String suffix = UUID.randomUUID().toString().substring(0, 8);
    strictDatabase = TestInfrastructure.get().postgres().createDatabase("egress_strict_" + suffix);
    // the production default: vigil.outbound.allow unset
    strict = VigilProcess.launch("egress-strict", router(strictDatabase, Map.of()));
    open =
        VigilProcess.launch(
            "egress-open",
            router(
                TestInfrastructure.get().postgres().createDatabase("egress_open_" + suffix),
                Map.of(
                    "vigil.outbound.allow", "127.0.0.1/32",
                    "vigil.outbound.max-body-bytes", String.valueOf(MAX_BODY),
                    "vigil.router.request-timeout", "3s")));
    strict.awaitReady(VigilProcess.STARTUP);
    open.awaitReady(VigilProcess.STARTUP);
  }

  private static Map<String, String> router(String jdbcUrl, Map<String, String> extra) {
    Map<String, String> config = new HashMap<>(TestInfrastructure.get().vigilConfig());
    config.put("quarkus.datasource.jdbc.url", jdbcUrl);
    config.put("vigil.roles", "router");
    config.put("vigil.landmark.window", "1h");
    config.put("vigil.router.poll-interval", "1s");
    config.put("vigil.router.max-backoff", "1s");
    config.putAll(extra);
    return config;
  }

  @AfterAll
  void stop() {
    for (VigilProcess process : new VigilProcess[] {strict, open}) {
      if (process != null) {
        process.close();
      }
    }
    for (HttpServer server : new HttpServer[] {bait, hostile}) {
      if (server != null) {
        server.stop(0);
      }
    }
    handlers.shutdownNow();
  }

  @Test
  void shouldRefusePeerAndContactUrlsThatAreNotPublicWhenLoopbackIsNotAllowListed() {
    Map<String, String> refused =
        Map.of(
            baitUrl,
            "loopback",
            "http://localhost:" + bait.getAddress().getPort(),
            "loopback",
            "http://[::1]:8080",
            "loopback",
            "http://169.254.169.254/latest/meta-data/",
            "link-local",
            "http://10.0.0.1:8080",
            "private",
            "https://192.168.1.10",
            "private",
            "http://[fd00::1]",
            "private",
            "http://0.0.0.0:8080",
            "unspecified");
    assertThat(
            send(strict, "PUT", "/v1/landmark/users/Alice", Map.of("key", "0x" + "a1".repeat(20)))
                .statusCode())
        .isEqualTo(201);
    String links = send(strict, "GET", "/v1/routing/links", null).body();

    refused.forEach(
        (url, kind) -> {
          HttpResponse<String> link = putServerLink(strict, url);
          assertProblem(link, "baseUrl", "is a " + kind + " address");
          HttpResponse<String> contact =
              send(
                  strict,
                  "PUT",
                  "/v1/landmark/users/Alice/contacts/Remote",
                  Map.of(
                      "kind", "TRUSTLINE", "trustGiven", 10, "trustReceived", 10, "server", url));
          assertProblem(contact, "server", "is a " + kind + " address");
        });

    assertThat(send(strict, "GET", "/v1/routing/links", null).body()).isEqualTo(links);
    assertThat(read(send(strict, "GET", "/v1/landmark/users/Alice", null).body()).get("contacts"))
        .isEmpty();
    assertThat(baitRequests.get()).as("requests that reached the loopback server").isZero();
  }

  @Test
  void shouldRefuseAtCallTimeADestinationThatIsNoLongerAllowedWhenItWasStoredBefore()
      throws SQLException {
    // As if DNS had changed after the URLs were configured: the rows point at loopback and the
    // metadata address now, and every call checks again.
    sql(
        "insert into router_link (address, kind, base_url, unit, rate, fee_base, fee_ppm,"
            + " our_spendable, their_spendable, updated_at) values ('"
            + "0x"
            + "bc".repeat(20)
            + "', 'SERVER', '"
            + baitUrl
            + "', 'ETH', 1, 0, 0, 0, 0, now())",
        "insert into landmark_user (user_id) values ('Carol')",
        "insert into landmark_contact (user_id, contact_id, server, kind, trust_given,"
            + " trust_received, debt, pending_out, pending_in) values ('Carol', 'Dave',"
            + " 'http://169.254.169.254', 'TRUSTLINE', 10, 10, 0, 0, 0)",
        "insert into landmark_pending (user_id) values ('Carol')");

    Await.until(
        "the poller to refuse the loopback peer",
        WAIT,
        () ->
            strict.metric(
                    "vigil_outbound_refused_total", "caller=\"peer-poller\"", "reason=\"loopback\"")
                >= 2);
    JsonNode window = read(send(strict, "POST", "/v1/landmark/windows", null).body());

    assertThat(window.at("/window/remoteMessages").asInt()).isEqualTo(1);
    assertThat(window.get("delivered").asInt()).isZero();
    assertThat(window.at("/backlog/queuedMessages").asLong())
        .as("the refused message waits in the outbox")
        .isEqualTo(1);
    assertThat(
            strict.metric(
                "vigil_outbound_refused_total",
                "caller=\"landmark-courier\"",
                "reason=\"link-local\""))
        .isEqualTo(1);
    assertThat(baitRequests.get()).as("requests that reached the loopback server").isZero();
  }

  @Test
  void shouldCutOffAPeerThatStreamsAnEndlessBodyAndStayReadyWhenLoopbackIsAllowListed() {
    HttpResponse<String> link = putServerLink(open, hostileUrl);
    assertThat(link.statusCode()).as(link.body()).isEqualTo(200);
    Await.until("the open router to read the peer's first page", WAIT, () -> peer() != null);

    mode.set("error");
    Await.until("the peer's error to be recorded", WAIT, () -> "http-500".equals(lastError()));
    mode.set("malformed");
    Await.until("the unreadable page to be recorded", WAIT, () -> "malformed".equals(lastError()));
    mode.set("endless");
    Await.until(
        "three endless answers to be cut off",
        WAIT,
        () -> open.metric("vigil_outbound_too_large_total", "caller=\"peer-poller\"") >= 3);

    assertThat(lastError()).isEqualTo("too-large");
    // each endless answer ended when the router hung up, at the limit plus socket buffers
    Await.until("the peer to see the router hang up", WAIT, () -> cutOff.get() >= 3);
    assertThat(mostStreamed.get()).isLessThan(MAX_BODY + (64L << 20)).isLessThan(ENDLESS);
    // after a page over the limit the router asks for half the range, down to one bundle
    assertThat(paths).contains("/messageBundles/1/100", "/messageBundles/1/50");
    assertThat(open.isAlive()).isTrue();
    HttpResponse<String> ready = open.getManagement("/q/health/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(read(ready.body()).get("status").asText()).isEqualTo("UP");
    // the peer's own text reaches no API answer
    assertThat(send(open, "GET", "/v1/routing/peers", null).body()).doesNotContain(MARKER);
    assertThat(
            open.metric(
                "vigil_router_peer_poll_failures_total",
                "peer=\"" + PEER + "\"",
                "reason=\"too-large\""))
        .isGreaterThanOrEqualTo(3);
  }

  // ---- the hostile peer ---------------------------------------------------------------------

  private void answer(HttpExchange exchange) throws IOException {
    paths.add(exchange.getRequestURI().getPath());
    switch (mode.get()) {
      case "good" ->
          write(
              exchange,
              200,
              "{\"node\":\""
                  + PEER
                  + "\",\"tableId\":\"hostile-table\",\"firstSeq\":1,\"lastSeq\":0,"
                  + "\"bundles\":[]}");
      case "error" -> write(exchange, 500, "{\"error\":\"" + MARKER + "\"}");
      case "malformed" -> write(exchange, 200, "not a page " + MARKER);
      default -> endless(exchange);
    }
  }

  private static void write(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void endless(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    byte[] chunk = new byte[64 * 1024];
    chunk[0] = '[';
    java.util.Arrays.fill(chunk, 1, chunk.length, (byte) ' ');
    long sent = 0;
    OutputStream out = exchange.getResponseBody();
    try {
      while (sent < ENDLESS) {
        out.write(chunk);
        sent += chunk.length;
      }
    } catch (IOException hungUp) {
      cutOff.incrementAndGet();
    } finally {
      long total = sent;
      mostStreamed.accumulateAndGet(total, Math::max);
      exchange.close();
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private JsonNode peer() {
    for (JsonNode row : read(send(open, "GET", "/v1/routing/peers", null).body())) {
      if (row.get("peer").asText().equals(PEER)) {
        return row;
      }
    }
    return null;
  }

  private String lastError() {
    JsonNode row = peer();
    return row == null ? null : row.at("/state/lastError").asText(null);
  }

  private void sql(String... statements) throws SQLException {
    PostgresServer postgres = TestInfrastructure.get().postgres();
    try (Connection connection =
            DriverManager.getConnection(strictDatabase, postgres.user(), postgres.password());
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static void assertProblem(HttpResponse<String> response, String field, String detail) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode problem = read(response.body());
    assertThat(problem.get("field").asText()).isEqualTo(field);
    assertThat(problem.get("detail").asText()).startsWith(field + ": ").contains(detail);
  }

  private static HttpResponse<String> putServerLink(VigilProcess process, String baseUrl) {
    return send(
        process, "PUT", "/v1/routing/links/" + PEER, Map.of("kind", "SERVER", "baseUrl", baseUrl));
  }

  private static HttpResponse<String> send(
      VigilProcess process, String method, String path, Object body) {
    HttpRequest.BodyPublisher publisher;
    try {
      publisher =
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(process.baseUrl() + path))
            .header("Authorization", TestAuth.OPERATOR_AUTHORIZATION)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .method(method, publisher)
            .build();
    return HttpExchanges.sendForText(HTTP, request);
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(body, e);
    }
  }
}
