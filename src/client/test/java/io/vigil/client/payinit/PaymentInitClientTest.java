package io.vigil.client.payinit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.payinit.PaymentInitClient.Delivery;
import io.vigil.client.payinit.PaymentInitClient.Fetched;
import io.vigil.client.sign.KeySigner;
import io.vigil.core.crypto.PrivateKey;
import io.vigil.core.protocol.PaymentInitEnvelope;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a fake routing server (the JDK's HTTP server): several servers, one of them
 * down, unreadable envelopes, a delete the server refuses. The real server is in PaymentInitIT.
 */
class PaymentInitClientTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALICE_KEY = "0x" + "a1".repeat(32);
  private static final String BOB_KEY = "0x" + "b0".repeat(32);
  private static final PaymentInitKey BOB = PaymentInitKey.inMemory(PrivateKey.of(BOB_KEY));
  private static final PaymentInitKey CAROL =
      PaymentInitKey.inMemory(PrivateKey.of("0x" + "c0".repeat(32)));

  /** Nothing listens on the discard port. */
  private static final String DOWN = "http://127.0.0.1:9";

  private final PaymentInitCipher cipher = new PaymentInitCipher();
  private final Map<String, JsonNode> stored = new ConcurrentHashMap<>();
  private final List<String> deletes = new CopyOnWriteArrayList<>();
  private volatile boolean refuseDeletes;
  private HttpServer server;
  private String url;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/auth/tokens", exchange -> answer(exchange, 200, login()));
    server.createContext("/v1/pay-inits", this::payInits);
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void shouldStoreOnEveryServerThatAnswersAndReportTheOneDown() {
    PaymentInitClient alice = client(List.of(url, DOWN), ALICE_KEY);

    List<Delivery> deliveries =
        alice.send(BOB.publicKey(), PaymentInit.of("0x" + "5e".repeat(32), "7"), null);

    assertThat(deliveries).hasSize(2);
    assertThat(deliveries.get(0)).isInstanceOf(Delivery.Stored.class);
    assertThat(deliveries.get(1)).isInstanceOf(Delivery.Failed.class);
    assertThat(((Delivery.Failed) deliveries.get(1)).failure().code())
        .isEqualTo(ErrorCode.UNREACHABLE);
    JsonNode posted = stored.values().iterator().next();
    assertThat(posted.get("recipient").asText()).isEqualTo(BOB.address().hex());
  }

  @Test
  void shouldOpenDeleteAndReportEachEnvelope() {
    PaymentInit init = PaymentInit.of("0x" + "5e".repeat(32), "7.5");
    keep("1", cipher.encrypt(BOB.publicKey(), init));
    keep("2", cipher.encrypt(CAROL.publicKey(), init));

    List<Fetched> fetched = client(List.of(url, DOWN), BOB_KEY).fetch(BOB, true);

    assertThat(fetched).hasSize(3);
    Fetched.Received received = (Fetched.Received) fetched.get(0);
    assertThat(received.init().hash()).isEqualTo(init.hash());
    assertThat(received.deleted()).isTrue();
    Fetched.Unreadable unreadable = (Fetched.Unreadable) fetched.get(1);
    assertThat(unreadable.reason()).contains("tag does not match");
    assertThat(unreadable.deleted()).isTrue();
    assertThat(fetched.get(2)).isInstanceOf(Fetched.Failed.class);
    assertThat(deletes).containsExactly(id("1"), id("2"));
  }

  @Test
  void shouldKeepWhatItWasToldToKeepAndReportARefusedDelete() {
    keep("1", cipher.encrypt(BOB.publicKey(), PaymentInit.of("0x" + "5e".repeat(32), "1")));
    PaymentInitClient bob = client(List.of(url), BOB_KEY);

    assertThat(((Fetched.Received) bob.fetch(BOB, false).get(0)).deleted()).isFalse();
    assertThat(deletes).isEmpty();

    refuseDeletes = true;
    assertThat(((Fetched.Received) bob.fetch(BOB, true).get(0)).deleted()).isFalse();
  }

  @Test
  void shouldRefuseADecryptionKeyThatIsNotTheSigners() {
    PaymentInitClient alice = client(List.of(url), ALICE_KEY);

    assertThatThrownBy(() -> alice.fetch(BOB, true))
        .isInstanceOf(VigilClientException.class)
        .extracting(failure -> ((VigilClientException) failure).code())
        .isEqualTo(ErrorCode.USAGE);
  }

  private PaymentInitClient client(List<String> servers, String key) {
    return new PaymentInitClient(servers, KeySigner.of(key), "vigil", Clock.systemUTC());
  }

  private void keep(String n, byte[] envelope) {
    stored.put(
        id(n),
        JSON.createObjectNode()
            .put("id", id(n))
            .put("sender", "0x" + "a1".repeat(20))
            .put("envelope", PaymentInitEnvelope.toHex(envelope))
            .put("createdAt", 1)
            .put("expiresAt", 2));
  }

  private static String id(String n) {
    return "00000000-0000-0000-0000-00000000000" + n;
  }

  private void payInits(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    if (method.equals("POST")) {
      JsonNode body = JSON.readTree(exchange.getRequestBody());
      stored.put("posted", body);
      answer(exchange, 201, "{\"id\":\"" + id("9") + "\",\"expiresAt\":5}");
    } else if (method.equals("GET")) {
      List<JsonNode> list = new ArrayList<>(stored.values());
      list.sort((a, b) -> a.get("id").asText().compareTo(b.get("id").asText()));
      answer(
          exchange,
          200,
          JSON.createObjectNode().set("paymentInits", JSON.valueToTree(list)).toString());
    } else if (refuseDeletes) {
      answer(exchange, 500, "{\"detail\":\"down\"}");
    } else {
      deletes.add(path.substring(path.lastIndexOf('/') + 1));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    }
  }

  private static String login() {
    return "{\"token\":\"t\",\"expiresAt\":" + (Instant.now().getEpochSecond() + 900) + "}";
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
