package io.vigil.client.relay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A relay that answers what the test scripts: a fixed answer to submissions, and a sequence of
 * statuses (the last one repeats). Records the bodies it received.
 */
final class FakeRelay implements AutoCloseable {

  final List<String> received = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final ConcurrentLinkedDeque<String> statuses = new ConcurrentLinkedDeque<>();
  private volatile int submitStatus = 202;
  private volatile String submitBody;

  FakeRelay() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/relay/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  FakeRelay answersSubmissions(int status, String body) {
    submitStatus = status;
    submitBody = body;
    return this;
  }

  FakeRelay reports(String... statusBodies) {
    statuses.addAll(List.of(statusBodies));
    return this;
  }

  static String view(String requestId, String status, boolean isFinal, String reason) {
    return "{\"requestId\":\""
        + requestId
        + "\",\"kind\":\"CLIENT\",\"purpose\":\"CLIENT_RAW\",\"txHash\":\"0x"
        + "ee".repeat(32)
        + "\",\"status\":\""
        + status
        + "\",\"isFinal\":"
        + isFinal
        + ",\"confirmations\":0,\"requiredConfirmations\":1"
        + (reason == null ? "" : ",\"reason\":\"" + reason + "\"")
        + "}";
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body;
    int status;
    if ("POST".equals(exchange.getRequestMethod())) {
      received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      status = submitStatus;
      body = submitBody;
    } else {
      String next = statuses.size() > 1 ? statuses.poll() : statuses.peek();
      status = next == null ? 404 : 200;
      body =
          next == null
              ? "{\"type\":\"urn:vigil:problem:not-found\",\"detail\":\"id: no such transaction\"}"
              : next;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
