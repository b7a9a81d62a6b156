package io.vigil.client.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** A JSON-RPC node that answers each method as the test scripts it (the raw JSON of the answer). */
public final class FakeNode implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final Map<String, Function<JsonNode, String>> methods = new ConcurrentHashMap<>();

  public FakeNode() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          JsonNode request = JSON.readTree(exchange.getRequestBody());
          Function<JsonNode, String> method = methods.get(request.get("method").asText());
          String payload =
              method == null
                  ? "\"error\":{\"code\":-32601,\"message\":\"method not found\"}"
                  : method.apply(request.get("params"));
          byte[] body =
              ("{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + "," + payload + "}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Answers {@code method} with {@code "result": <resultJson>}. */
  public FakeNode result(String method, Function<JsonNode, String> resultJson) {
    methods.put(method, params -> "\"result\":" + resultJson.apply(params));
    return this;
  }

  public FakeNode error(String method, int code, String message) {
    methods.put(
        method, params -> "\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\"}");
    return this;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
