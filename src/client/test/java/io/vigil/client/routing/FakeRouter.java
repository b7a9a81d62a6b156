package io.vigil.client.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vigil.core.protocol.Bundle;
import io.vigil.core.protocol.BundleMessage;
import io.vigil.core.protocol.BundleSignatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * A routing server on the JDK's HTTP server at 127.0.0.1, port 0, that serves the routing paths
 * from what a test puts in it, so a test can make it misbehave: skip a seq, change its table id,
 * replay an old bundle, sign with another key.
 */
final class FakeRouter implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  final ECKeyPair key;
  final String address;
  final HttpServer http;
  volatile String tableId = "11111111-1111-1111-1111-111111111111";
  volatile long firstSeq = 1;

  /** What {@code /messageBundles} serves, by seq; {@link #served} may rewrite a page. */
  final TreeMap<Long, Bundle> bundles = new TreeMap<>();

  volatile Function<List<Bundle>, List<Bundle>> served = Function.identity();

  /** Answers of {@code /messagesByHash}: status and body by hash. */
  final Map<String, Map.Entry<Integer, String>> routes = new ConcurrentHashMap<>();

  /** Bodies posted to {@code /v1/routing/originations}. */
  final List<String> originations = new ArrayList<>();

  volatile String originationAnswer =
      "{\"outcome\":\"accepted\",\"amount\":\"101\",\"nextHop\":\"0x"
          + "e".repeat(40)
          + "\",\"forwardedTo\":[\"0x"
          + "b".repeat(40)
          + "\"],\"skipped\":[]}";

  volatile long delayMillis = 0;

  FakeRouter(String keyByte) throws IOException {
    this.key = ECKeyPair.create(new BigInteger(keyByte.repeat(32), 16));
    this.address = "0x" + Keys.getAddress(key.getPublicKey());
    this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", this::handle);
    http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    http.start();
  }

  String url() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  /** Appends bundle {@code seq} of the current table with one message, signed by {@code signer}. */
  synchronized Bundle add(long seq, String amount, ECKeyPair signer) {
    Bundle bundle =
        BundleSignatures.sign(
            new Bundle(
                address,
                tableId,
                seq,
                1_700_000_000_000L + seq,
                List.of(
                    new BundleMessage("0x" + "c".repeat(40), "0x" + "ab".repeat(32), amount, 3)),
                null),
            signer);
    bundles.put(seq, bundle);
    return bundle;
  }

  synchronized Bundle add(long seq, String amount) {
    return add(seq, amount, key);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      String path = exchange.getRequestURI().getPath();
      String[] parts = path.split("/");
      if (path.equals("/v1/landmark/server")) {
        reply(exchange, 200, "{\"address\":\"" + address + "\"}");
      } else if (path.equals("/v1/routing/originations")) {
        synchronized (originations) {
          originations.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        }
        reply(exchange, 200, originationAnswer);
      } else if (path.startsWith("/messagesByHash/")) {
        Map.Entry<Integer, String> answer =
            routes.getOrDefault(
                parts[2],
                Map.entry(
                    404,
                    "{\"type\":\"urn:vigil:problem:no-route\",\"status\":404,\"field\":\"hash\"}"));
        reply(exchange, answer.getKey(), answer.getValue());
      } else if (path.startsWith("/messageBundles/")) {
        bundles(exchange, Long.parseLong(parts[2]), Long.parseLong(parts[3]));
      } else {
        reply(exchange, 404, "{\"status\":404}");
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void bundles(HttpExchange exchange, long start, long end)
      throws IOException {
    long last = bundles.isEmpty() ? 0 : bundles.lastKey();
    exchange.getResponseHeaders().add("Vigil-Table-Id", tableId);
    exchange.getResponseHeaders().add("Vigil-First-Seq", String.valueOf(firstSeq));
    if (start < firstSeq) {
      reply(
          exchange,
          410,
          "{\"type\":\"urn:vigil:problem:bundles-trimmed\",\"status\":410,\"field\":\"start\"}");
      return;
    }
    List<Bundle> page =
        served.apply(new ArrayList<>(bundles.subMap(start, true, end, true).values()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("node", address);
    body.put("tableId", tableId);
    body.put("firstSeq", firstSeq);
    body.put("lastSeq", last);
    body.put("bundles", page);
    reply(exchange, 200, JSON.writeValueAsString(body));
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    http.stop(0);
    ((java.util.concurrent.ExecutorService) http.getExecutor()).shutdownNow();
  }
}
