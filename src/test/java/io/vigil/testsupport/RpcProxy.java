package io.vigil.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON-RPC pass-through in front of a real node that can misbehave the way hosted providers do:
 * refuse eth_getLogs above a block range, answer a method with a JSON-RPC error, or answer every
 * request with an HTTP error. Counts the requests per method so tests can see what reached it.
 */
public final class RpcProxy implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final String upstream;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final AtomicInteger refusedLogQueries = new AtomicInteger();
  private volatile long maxLogRange = Long.MAX_VALUE;
  private volatile int httpStatus = 0;
  private final Map<String, String> errors = new ConcurrentHashMap<>();

  private RpcProxy(String upstream) {
    this.upstream = upstream;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  public static RpcProxy in(String upstreamUrl) {
    return new RpcProxy(upstreamUrl);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** From now on, eth_getLogs over more than {@code blocks} blocks gets a -32005 error. */
  public RpcProxy refuseLogRangesAbove(long blocks) {
    this.maxLogRange = blocks;
    return this;
  }

  /** From now on every request gets this HTTP status (0: pass through). */
  public RpcProxy answerHttpStatus(int status) {
    this.httpStatus = status;
    return this;
  }

  /** From now on {@code method} gets this JSON-RPC error object instead of reaching the node. */
  public RpcProxy answerError(String method, int code, String message) {
    try {
      errors.put(method, JSON.writeValueAsString(Map.of("code", code, "message", message)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public int calls(String method) {
    return calls.getOrDefault(method, new AtomicInteger()).get();
  }

  public int refusedLogQueries() {
    return refusedLogQueries.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      JsonNode request = JSON.readTree(body);
      String method = request.path("method").asText();
      calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
      if (httpStatus != 0) {
        reply(exchange, httpStatus, "{\"error\":\"proxy says " + httpStatus + "\"}");
        return;
      }
      String error = errors.get(method);
      if (error != null) {
        reply(
            exchange,
            200,
            "{\"jsonrpc\":\"2.0\",\"id\":" + request.path("id") + ",\"error\":" + error + "}");
        return;
      }
      if (method.equals("eth_getLogs") && span(request.path("params").path(0)) > maxLogRange) {
        refusedLogQueries.incrementAndGet();
        reply(
            exchange,
            200,
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + request.path("id")
                + ",\"error\":{\"code\":-32005,\"message\":\"query exceeds max block range "
                + maxLogRange
                + "\"}}");
        return;
      }
      HttpRequest forward =
          HttpRequest.newBuilder(URI.create(upstream))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      HttpResponse<String> answer = http.send(forward, HttpResponse.BodyHandlers.ofString());
      reply(exchange, answer.statusCode(), answer.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long span(JsonNode filter) {
    long from = block(filter.path("fromBlock"));
    long to = block(filter.path("toBlock"));
    return to - from + 1;
  }

  private static long block(JsonNode tag) {
    String text = tag.asText("0x0");
    return text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : 0;
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
