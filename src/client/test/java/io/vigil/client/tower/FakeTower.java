package io.vigil.client.tower;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.sign.KeySigner;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.DelegationReceipts;
import io.vigil.core.crypto.Eip712Domain;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A watchtower that answers {@code /info} and delegations the way a test tells it to: with a
 * correct receipt, a receipt for another nonce, a receipt signed by another key, garbage, or a
 * refusal. It records every delegation it received.
 */
final class FakeTower implements AutoCloseable {

  enum Mode {
    CORRECT,
    OTHER_NONCE,
    OTHER_KEY,
    GARBAGE,
    POLICY_REFUSAL,
    BUSY
  }

  static final long CHAIN_ID = 31337;
  static final Address HUB = Address.of("0x5fbdb2315678afecb367f032d93f642f64180aa3");
  static final String RECEIPT_KEY = "0x" + "11".repeat(32);
  static final String OTHER_KEY = "0x" + "22".repeat(32);

  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final Address hunter;
  private final String receiptKey;
  volatile Mode mode;

  /** What {@code GET /v1/watcher/channels/{id}} answers; null answers 404. */
  volatile String status;

  private FakeTower(HttpServer server, Mode mode, Address hunter, String receiptKey) {
    this.server = server;
    this.mode = mode;
    this.hunter = hunter;
    this.receiptKey = receiptKey;
    server.createContext("/v1/watcher/info", this::info);
    server.createContext("/v1/watcher/delegations", this::delegation);
    server.createContext("/v1/watcher/channels/", this::status);
    server.start();
  }

  static FakeTower start(Mode mode) {
    return start(mode, 0, Address.of("0x" + "33".repeat(20)), RECEIPT_KEY);
  }

  static FakeTower start(Mode mode, int port, Address hunter, String receiptKey) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      return new FakeTower(server, mode, hunter, receiptKey);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  int port() {
    return server.getAddress().getPort();
  }

  Address receiptSigner() {
    return KeySigner.of(receiptKey).address();
  }

  private void info(HttpExchange exchange) throws IOException {
    ObjectNode info = JsonHttp.JSON.createObjectNode();
    info.put("chainId", CHAIN_ID);
    info.put("hub", HUB.hex());
    info.put("hunter", hunter.hex());
    info.put("receiptSigner", receiptSigner().hex());
    ObjectNode policy = info.putObject("policy");
    policy.put("minChallengePeriodSeconds", 3600);
    policy.put("minValueAtStakeWei", "1000");
    policy.put("disputeGas", 150000);
    policy.put("priceMargin", 2);
    answer(exchange, 200, "application/json", info.toString());
  }

  /** How many batch requests arrived. */
  final java.util.concurrent.atomic.AtomicInteger batches =
      new java.util.concurrent.atomic.AtomicInteger();

  private void delegation(HttpExchange exchange) throws IOException {
    JsonNode body = JsonHttp.JSON.readTree(exchange.getRequestBody());
    if (exchange.getRequestURI().getPath().endsWith("/batch")) {
      batch(exchange, body);
      return;
    }
    received.add(body);
    ChannelId channel = ChannelId.of(body.path("state").path("channelId").asText());
    long nonce = Long.parseLong(body.path("state").path("nonce").asText());
    switch (mode) {
      case CORRECT ->
          answer(exchange, 201, "application/json", receipt(channel, nonce, receiptKey));
      case OTHER_NONCE ->
          answer(exchange, 201, "application/json", receipt(channel, nonce + 1, receiptKey));
      case OTHER_KEY ->
          answer(exchange, 201, "application/json", receipt(channel, nonce, OTHER_KEY));
      case GARBAGE -> answer(exchange, 201, "application/json", "{\"channelId\": 7}");
      case POLICY_REFUSAL ->
          answer(
              exchange,
              422,
              "application/problem+json",
              "{\"type\":\"urn:vigil:problem:watch-policy\",\"status\":422,"
                  + "\"detail\":\"value at stake 10 is below 1000\",\"field\":\"state.balanceA\"}");
      case BUSY -> {
        exchange.getResponseHeaders().add("Retry-After", "1");
        answer(exchange, 503, "application/problem+json", "{\"status\":503,\"detail\":\"busy\"}");
      }
    }
  }

  private void batch(HttpExchange exchange, JsonNode body) throws IOException {
    batches.incrementAndGet();
    if (mode == Mode.BUSY) {
      answer(exchange, 503, "application/problem+json", "{\"status\":503}");
      return;
    }
    ObjectNode answer = JsonHttp.JSON.createObjectNode();
    var results = answer.putArray("results");
    for (JsonNode one : body.path("delegations")) {
      received.add(one);
      ChannelId channel = ChannelId.of(one.path("state").path("channelId").asText());
      long nonce = Long.parseLong(one.path("state").path("nonce").asText());
      ObjectNode result = results.addObject();
      if (mode == Mode.POLICY_REFUSAL) {
        result.put("status", 422);
        result.putObject("problem").put("detail", "value at stake 10 is below 1000");
      } else {
        long told = mode == Mode.OTHER_NONCE ? nonce + 1 : nonce;
        String key = mode == Mode.OTHER_KEY ? OTHER_KEY : receiptKey;
        result.put("status", 201);
        result.set("receipt", JsonHttp.JSON.readTree(receipt(channel, told, key)));
      }
    }
    answer(exchange, 200, "application/json", answer.toString());
  }

  private void status(HttpExchange exchange) throws IOException {
    String answer = status;
    if (exchange.getRequestHeaders().getFirst("Authorization") == null) {
      answer(exchange, 401, "application/problem+json", "{\"status\":401}");
    } else if (answer == null) {
      answer(exchange, 404, "application/problem+json", "{\"status\":404}");
    } else {
      answer(exchange, 200, "application/json", answer);
    }
  }

  private static String receipt(ChannelId channel, long nonce, String key) {
    long block = 42;
    byte[] digest =
        new DelegationReceipts(Eip712Domain.of(CHAIN_ID, HUB)).digest(channel, nonce, block);
    KeySigner signer = KeySigner.of(key);
    ObjectNode receipt = JsonHttp.JSON.createObjectNode();
    receipt.put("channelId", channel.hex());
    receipt.put("nonce", nonce);
    receipt.put("acceptedAtBlock", block);
    receipt.put("signer", signer.address().hex());
    receipt.put("signature", signer.signDigest(digest).hex());
    return receipt.toString();
  }

  private static void answer(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
