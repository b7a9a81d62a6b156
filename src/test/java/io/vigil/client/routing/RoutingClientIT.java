package io.vigil.client.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.client.cli.ExitCodes;
import io.vigil.client.cli.VigilCli;
import io.vigil.client.sign.KeySigner;
import io.vigil.core.protocol.PaymentHashes;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.TestAuth;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The routing client of the kit, driven through the CLI against two real routing servers, B and C,
 * each a Vigil process with its own database. The light client E has a link with both, so it
 * originates at both: B charges 1% (advertises 101 for 100), C a flat 3 (advertises 103). B and C
 * are neighbours that charge each other 10, so neither one's offer beats the other's own route.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoutingClientIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String E_KEY = "0x" + "e7".repeat(32);
  private static final KeySigner E = KeySigner.of(E_KEY);
  private static final String SECRET = "0x" + "5e".repeat(32);

  private final Map<String, Map<String, String>> properties = new HashMap<>();
  private VigilProcess b;
  private VigilProcess c;
  private String bAddress;
  private String cAddress;
  private Path home;
  private String hash;

  @BeforeAll
  void startServers() throws IOException {
    TestInfrastructure.get();
    home = Files.createTempDirectory("vigil-route-home");
    b = launch("kit-route-b", "kit_route_b", "0b");
    c = launch("kit-route-c", "kit_route_c", "0c");
    b.awaitReady(VigilProcess.STARTUP);
    c.awaitReady(VigilProcess.STARTUP);
    bAddress = KeySigner.of("0x" + "0b".repeat(32)).address().hex();
    cAddress = KeySigner.of("0x" + "0c".repeat(32)).address().hex();
    link(b, E.address().hex(), "CLIENT", null, "0", 10_000);
    link(b, cAddress, "SERVER", c.baseUrl(), "10", 0);
    link(c, E.address().hex(), "CLIENT", null, "3", 0);
    link(c, bAddress, "SERVER", b.baseUrl(), "10", 0);
  }

  @AfterAll
  void stop() {
    for (VigilProcess process : new VigilProcess[] {b, c}) {
      if (process != null) {
        process.close();
      }
    }
  }

  @Test
  @Order(1)
  void shouldOriginateAtBothServersWithTheHashOfTheSecret() {
    Run hashed = cli("route", "hash", "--secret", SECRET);
    hash = hashed.json().get("hash").asText();
    assertThat(hash).isEqualTo(PaymentHashes.of(hex(SECRET)));

    Run originated =
        cli(
            "route",
            "originate",
            "--server",
            b.baseUrl(),
            "--server",
            c.baseUrl(),
            "--hash",
            hash,
            "--amount",
            "100",
            "--key",
            E_KEY);

    assertThat(originated.exit()).as(originated.toString()).isEqualTo(ExitCodes.OK);
    JsonNode atB = originated.json().get("servers").get(0);
    JsonNode atC = originated.json().get("servers").get(1);
    assertThat(atB.get("outcome").asText()).isEqualTo("accepted");
    assertThat(atB.get("amount").asText()).isEqualTo("101");
    assertThat(atB.get("forwardedTo").toString()).contains(cAddress);
    assertThat(atC.get("outcome").asText()).isEqualTo("accepted");
    assertThat(atC.get("amount").asText()).isEqualTo("103");
  }

  @Test
  @Order(2)
  void shouldPollBothServersAndPickTheLowestAmount() {
    Run polled =
        cli(
            "route",
            "poll",
            "--hash",
            hash,
            "--server",
            c.baseUrl(),
            "--server",
            b.baseUrl(),
            "--wait",
            "30s");

    assertThat(polled.exit()).as(polled.toString()).isEqualTo(ExitCodes.OK);
    JsonNode best = polled.json().get("best");
    assertThat(best.get("server").asText()).isEqualTo(b.baseUrl());
    assertThat(best.get("amount").asText()).isEqualTo("101");
    assertThat(best.get("nextHop").asText()).isEqualTo(E.address().hex());
    assertThat(polled.json().get("answers").get(0).get("amount").asText()).isEqualTo("103");

    try (RoutingClient client = RoutingClient.create()) {
      PollResult result = client.poll(hash, List.of(c.baseUrl(), b.baseUrl()));
      assertThat(result.best()).get().extracting(RouteAnswer::server).isEqualTo(b.baseUrl());
    }
  }

  @Test
  @Order(3)
  void shouldExitRetryableWhenNoServerHasARouteWithinTheWait() {
    Run polled =
        cli(
            "route",
            "poll",
            "--hash",
            "0x" + "00".repeat(32),
            "--server",
            b.baseUrl(),
            "--wait",
            "2s");

    assertThat(polled.exit()).as(polled.toString()).isEqualTo(ExitCodes.RETRYABLE);
    assertThat(polled.json().get("best").isNull()).isTrue();
    assertThat(polled.json().get("answers").get(0).get("answer").asText()).isEqualTo("no-route");
  }

  @Test
  @Order(4)
  void shouldBeRefusedWhenSigningForAnotherServersAddressAndStoreNothing() {
    String other = "0x" + "0f".repeat(32);
    Run refused =
        cli(
            "route",
            "originate",
            "--server",
            b.baseUrl(),
            "--server-address",
            cAddress,
            "--hash",
            other,
            "--amount",
            "100",
            "--key",
            E_KEY);

    assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCodes.REFUSED);
    JsonNode outcome = refused.json().get("servers").get(0);
    assertThat(outcome.get("outcome").asText()).isEqualTo("failed");
    assertThat(outcome.get("code").asText()).isEqualTo("forbidden");
    try (RoutingClient client = RoutingClient.create()) {
      assertThat(client.poll(other, List.of(b.baseUrl())).answers())
          .containsExactly(new RouteAnswer.NoRoute(b.baseUrl()));
    }
  }

  @Test
  @Order(5)
  void shouldFollowBundlesVerifyThemAndResumeFromTheCursor() {
    List<JsonNode> read = new ArrayList<>();
    Await.until(
        "B's bundle to C with the routing message",
        WAIT,
        () -> {
          Run followed = cli("route", "bundles", "--server", b.baseUrl());
          assertThat(followed.exit()).as(followed.toString()).isEqualTo(ExitCodes.OK);
          assertThat(followed.json().get("events")).isEmpty();
          assertThat(followed.json().get("node").asText()).isEqualTo(bAddress);
          followed.json().get("bundles").forEach(read::add);
          return read.stream().anyMatch(this::carriesTheMessageToC);
        });
    // each run read only bundles after the previous one, in order, from seq 1
    List<Long> seqs = read.stream().map(bundle -> bundle.get("seq").asLong()).toList();
    assertThat(seqs).isSorted().doesNotHaveDuplicates().startsWith(1L);
    assertThat(seqs.getLast()).isEqualTo((long) seqs.size());
  }

  @Test
  @Order(6)
  void shouldReportATableChangeWhenTheServerRestartsWithoutItsHistory() {
    Run before = cli("route", "bundles", "--server", b.baseUrl());
    String oldTable = before.json().get("tableId").asText();

    b.crash();
    Map<String, String> config = properties.get("kit-route-b");
    config.put(
        "quarkus.datasource.jdbc.url",
        TestInfrastructure.get().postgres().createDatabase("kit_route_b_fresh"));
    b = VigilProcess.start("kit-route-b", config);
    Run after = cli("route", "bundles", "--server", b.baseUrl());

    assertThat(after.exit()).as(after.toString()).isEqualTo(ExitCodes.OK);
    JsonNode event = after.json().get("events").get(0);
    assertThat(event.get("kind").asText()).isEqualTo("routing-table-changed");
    assertThat(event.get("previousTableId").asText()).isEqualTo(oldTable);
    assertThat(event.get("tableId").asText()).isNotEqualTo(oldTable);
    assertThat(after.json().get("tableId").asText()).isEqualTo(event.get("tableId").asText());
    for (JsonNode bundle : after.json().get("bundles")) {
      assertThat(bundle.get("tableId").asText()).isEqualTo(event.get("tableId").asText());
    }
  }

  private boolean carriesTheMessageToC(JsonNode bundle) {
    for (JsonNode message : bundle.get("messages")) {
      if (message.get("to").asText().equals(cAddress)
          && message.get("hash").asText().equals(hash)
          && message.get("amount").asText().equals("101")) {
        return true;
      }
    }
    return false;
  }

  private VigilProcess launch(String name, String database, String keyByte) {
    Map<String, String> config = new HashMap<>(TestInfrastructure.get().vigilConfig());
    config.put(
        "quarkus.datasource.jdbc.url",
        TestInfrastructure.get().postgres().createDatabase(database));
    config.put("vigil.roles", "router");
    config.put("vigil.router.node-key", "0x" + keyByte.repeat(32));
    config.put("vigil.router.flush-interval", "1s");
    config.put("vigil.router.poll-interval", "1s");
    config.put("vigil.router.max-backoff", "1s");
    config.put("vigil.outbound.allow", "127.0.0.1/32");
    VigilProcess process = VigilProcess.launch(name, config);
    config.put("quarkus.http.port", String.valueOf(process.port()));
    properties.put(name, config);
    return process;
  }

  private static void link(
      VigilProcess server, String address, String kind, String baseUrl, String feeBase, long ppm) {
    Map<String, Object> body = new HashMap<>();
    body.put("kind", kind);
    if (baseUrl != null) {
      body.put("baseUrl", baseUrl);
    }
    body.put("feeBase", new BigDecimal(feeBase));
    body.put("feePpm", ppm);
    body.put("ourSpendable", new BigDecimal("10000"));
    body.put("theirSpendable", new BigDecimal("10000"));
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/routing/links/" + address))
                  .header("Authorization", TestAuth.OPERATOR_AUTHORIZATION)
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hex(String text) {
    return java.util.HexFormat.of().parseHex(text.substring(2));
  }

  /** One CLI run with --json in this test's home: exit code and the JSON it printed. */
  private record Run(int exit, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new UncheckedIOException(out + err, e);
      }
    }
  }

  private Run cli(String... args) {
    List<String> all = new ArrayList<>(List.of("--home", home.toString(), "--json"));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        VigilCli.run(
            new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }
}
