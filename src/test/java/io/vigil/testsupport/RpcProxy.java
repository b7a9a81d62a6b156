package io.vigil.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON-RPC pass-through in front of a real node that can misbehave the way hosted providers do:
 * refuse eth_getLogs above a block range, answer a method with a JSON-RPC error, answer every
 * request with an HTTP error, stop accepting connections altogether, or lag a number of blocks
 * behind the node (a stale head). Every fault can be switched on and off while clients use it.
 * Counts the requests per method, and the answers a fault decided, so tests can see what reached
 * it.
 */
public final class RpcProxy implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The methods whose answers depend on how far the node has got. */
  private static final List<String> LAGGING =
      List.of("eth_blockNumber", "eth_getBlockByNumber", "eth_getBlockByHash", "eth_getLogs");

  private final String upstream;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger refusedLogQueries = new AtomicInteger();
  private final AtomicInteger faultedAnswers = new AtomicInteger();
  private final Map<String, String> errors = new ConcurrentHashMap<>();
  private volatile HttpServer server;
  private volatile long maxLogRange = Long.MAX_VALUE;
  private volatile int httpStatus = 0;
  private volatile long lag = 0;

  private RpcProxy(String upstream) {
    this.upstream = upstream;
    this.server = listen(0);
    this.port = server.getAddress().getPort();
  }

  public static RpcProxy in(String upstreamUrl) {
    return new RpcProxy(upstreamUrl);
  }

  public String url() {
    return "http://127.0.0.1:" + port;
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

  /** From now on {@code method} reaches the node again. */
  public RpcProxy stopAnsweringError(String method) {
    errors.remove(method);
    return this;
  }

  /**
   * Stops listening: connections are refused, as from a node that is down, until {@link
   * #acceptConnections()}. Requests in flight are cut off.
   */
  public synchronized RpcProxy refuseConnections() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
    return this;
  }

  /** Listens again on the same port after {@link #refuseConnections()}. */
  public synchronized RpcProxy acceptConnections() {
    if (server == null) {
      server = listen(port);
    }
    return this;
  }

  /**
   * From now on answers as a node {@code blocks} behind the real one (0: up to date): with H the
   * real head, eth_blockNumber answers H - blocks, eth_getBlockByNumber for "latest" (or another
   * tag) answers block H - blocks and for a higher number null, eth_getBlockByHash of a higher
   * block null, and eth_getLogs is clipped to H - blocks (by block hash, a higher block is an
   * "unknown block" error), as a node that has not imported those blocks yet. Other methods pass
   * through.
   */
  public RpcProxy lagBlocks(long blocks) {
    this.lag = blocks;
    return this;
  }

  /** Back to a plain pass-through: listening, no HTTP error, no JSON-RPC errors, no lag. */
  public RpcProxy behaveNormally() {
    acceptConnections();
    httpStatus = 0;
    errors.clear();
    lag = 0;
    maxLogRange = Long.MAX_VALUE;
    return this;
  }

  public int calls(String method) {
    return calls.getOrDefault(method, new AtomicInteger()).get();
  }

  /** Calls so far by method, batch members counted one by one. */
  public Map<String, Integer> calls() {
    Map<String, Integer> copy = new java.util.TreeMap<>();
    calls.forEach((method, count) -> copy.put(method, count.get()));
    return copy;
  }

  /** HTTP requests so far (a batch is one). */
  public int requests() {
    return requests.get();
  }

  public int refusedLogQueries() {
    return refusedLogQueries.get();
  }

  /**
   * Calls answered by a fault rather than by the node as it is: HTTP errors, JSON-RPC errors,
   * refused log ranges and lagging answers (refused connections never reach the proxy).
   */
  public int faultedAnswers() {
    return faultedAnswers.get();
  }

  private HttpServer listen(int port) {
    BindException busy = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        HttpServer created = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        created.setExecutor(workers);
        created.createContext("/", this::handle);
        created.start();
        return created;
      } catch (BindException e) {
        busy = e; // the old socket may still hold the port for a moment
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new UncheckedIOException(busy);
  }

  /** An answer to one HTTP request: status and body. */
  private record Reply(int status, String body) {}

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      JsonNode request = JSON.readTree(body);
      requests.incrementAndGet();
      if (httpStatus != 0) {
        count(request);
        faultedAnswers.incrementAndGet();
        reply(exchange, httpStatus, "{\"error\":\"proxy says " + httpStatus + "\"}");
        return;
      }
      if (request.isArray() && passesThrough()) {
        // Forwarded as it came, one round trip, as the node would have had it.
        count(request);
        Reply answer = forward(body);
        reply(exchange, answer.status(), answer.body());
        return;
      }
      if (request.isArray()) {
        List<String> answers = new ArrayList<>();
        for (JsonNode call : request) {
          answers.add(answer(call).body());
        }
        reply(exchange, 200, "[" + String.join(",", answers) + "]");
        return;
      }
      Reply answer = answer(request);
      reply(exchange, answer.status(), answer.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether no fault is set that could change an answer. */
  private boolean passesThrough() {
    return errors.isEmpty() && lag == 0 && maxLogRange == Long.MAX_VALUE;
  }

  private void count(JsonNode request) {
    if (request.isArray()) {
      request.forEach(this::count);
      return;
    }
    calls
        .computeIfAbsent(request.path("method").asText(), m -> new AtomicInteger())
        .incrementAndGet();
  }

  /** The answer to one JSON-RPC call. */
  private Reply answer(JsonNode request) throws IOException, InterruptedException {
    count(request);
    String method = request.path("method").asText();
    JsonNode id = request.path("id");
    String error = errors.get(method);
    if (error != null) {
      faultedAnswers.incrementAndGet();
      return new Reply(200, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":" + error + "}");
    }
    if (method.equals("eth_getLogs") && span(request.path("params").path(0)) > maxLogRange) {
      refusedLogQueries.incrementAndGet();
      faultedAnswers.incrementAndGet();
      return new Reply(
          200,
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + id
              + ",\"error\":{\"code\":-32005,\"message\":\"query exceeds max block range "
              + maxLogRange
              + "\"}}");
    }
    long behind = lag;
    if (behind > 0 && LAGGING.contains(method)) {
      faultedAnswers.incrementAndGet();
      return new Reply(200, lagging(method, (ObjectNode) request.deepCopy(), behind));
    }
    return forward(request.toString());
  }

  /** The answer of a node that has seen blocks only up to the real head minus {@code behind}. */
  private String lagging(String method, ObjectNode request, long behind)
      throws IOException, InterruptedException {
    JsonNode id = request.path("id");
    long visible = Math.max(0, upstreamHead() - behind);
    JsonNode params = request.path("params");
    switch (method) {
      case "eth_blockNumber" -> {
        return result(id, "\"" + hex(visible) + "\"");
      }
      case "eth_getBlockByNumber" -> {
        long number = resolve(params.path(0), visible);
        if (number > visible) {
          return result(id, "null");
        }
        ((ArrayNode) params).set(0, hex(number));
        return forward(request.toString()).body();
      }
      case "eth_getBlockByHash" -> {
        String answer = forward(request.toString()).body();
        JsonNode block = JSON.readTree(answer).path("result");
        return block.isObject() && number(block.path("number")) > visible
            ? result(id, "null")
            : answer;
      }
      default -> {
        ObjectNode filter = (ObjectNode) params.path(0);
        if (filter.hasNonNull("blockHash")) {
          JsonNode block =
              JSON.readTree(
                      forward(
                              "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getBlockByHash\","
                                  + "\"params\":[\""
                                  + filter.get("blockHash").asText()
                                  + "\",false]}")
                          .body())
                  .path("result");
          if (!block.isObject() || number(block.path("number")) > visible) {
            return "{\"jsonrpc\":\"2.0\",\"id\":"
                + id
                + ",\"error\":{\"code\":-32000,\"message\":\"unknown block\"}}";
          }
          return forward(request.toString()).body();
        }
        long from = resolve(filter.path("fromBlock"), visible);
        long to = Math.min(resolve(filter.path("toBlock"), visible), visible);
        if (from > to) {
          return result(id, "[]");
        }
        filter.put("fromBlock", hex(from));
        filter.put("toBlock", hex(to));
        return forward(request.toString()).body();
      }
    }
  }

  private long upstreamHead() throws IOException, InterruptedException {
    String answer =
        forward("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\",\"params\":[]}")
            .body();
    return number(JSON.readTree(answer).path("result"));
  }

  /** A block parameter as a number: tags other than "earliest" mean the (visible) head. */
  private static long resolve(JsonNode tag, long head) {
    String text = tag.asText("latest");
    if (text.startsWith("0x")) {
      return Long.parseLong(text.substring(2), 16);
    }
    return text.equals("earliest") ? 0 : head;
  }

  private static long number(JsonNode hex) {
    return Long.parseLong(hex.asText("0x0").substring(2), 16);
  }

  private static String hex(long number) {
    return "0x" + Long.toHexString(number);
  }

  private static String result(JsonNode id, String result) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}";
  }

  private Reply forward(String body) throws IOException, InterruptedException {
    HttpRequest forward =
        HttpRequest.newBuilder(URI.create(upstream))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> answer = http.send(forward, HttpResponse.BodyHandlers.ofString());
    return new Reply(answer.statusCode(), answer.body());
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
    refuseConnections();
    workers.shutdownNow();
  }
}
