package io.vigil.router.reactive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.crypto.PersonalSignatures;
import io.vigil.testsupport.TestAuth;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/** A routing server run as its own Vigil process with its own database, driven over HTTP. */
final class RouterNode implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  final String name;
  final ECKeyPair key;
  final String address;
  final Map<String, String> properties;
  VigilProcess process;

  private RouterNode(String name, ECKeyPair key, Map<String, String> properties) {
    this.name = name;
    this.key = key;
    this.address = address(key);
    this.properties = properties;
  }

  /** Launches (without waiting) a router-only process with a fresh database named after it. */
  static RouterNode launch(String name, String database, ECKeyPair key, Map<String, String> extra) {
    Map<String, String> properties = new HashMap<>(TestInfrastructure.get().vigilConfig());
    properties.put(
        "quarkus.datasource.jdbc.url",
        TestInfrastructure.get().postgres().createDatabase(database));
    properties.put("vigil.roles", "router");
    properties.put(
        "vigil.router.node-key", Numeric.toHexStringWithPrefixZeroPadded(key.getPrivateKey(), 64));
    properties.put("vigil.router.flush-interval", "1s");
    properties.put("vigil.router.poll-interval", "1s");
    properties.put("vigil.router.max-backoff", "1s");
    // the peers of these tests, real and fake, listen on loopback
    properties.put("vigil.outbound.allow", "127.0.0.1/32");
    properties.putAll(extra);
    RouterNode node = new RouterNode(name, key, properties);
    node.process = VigilProcess.launch(name, properties);
    node.properties.put("quarkus.http.port", String.valueOf(node.process.port()));
    return node;
  }

  /** Restarts on the same port, with the same or another database. */
  void restart(String jdbcUrl) {
    properties.put("quarkus.datasource.jdbc.url", jdbcUrl);
    process = VigilProcess.start(name, properties);
  }

  static ECKeyPair key(String hexByte) {
    return ECKeyPair.create(Numeric.toBigInt("0x" + hexByte.repeat(32)));
  }

  static String address(ECKeyPair key) {
    return "0x" + Keys.getAddress(key.getPublicKey());
  }

  String url() {
    return process.baseUrl();
  }

  HttpResponse<String> get(String path) {
    return send(operator(path).GET());
  }

  HttpResponse<String> put(String path, Object body) {
    return sendJson("PUT", path, body);
  }

  HttpResponse<String> post(String path, Object body) {
    return sendJson("POST", path, body);
  }

  private HttpResponse<String> sendJson(String method, String path, Object body) {
    return send(
        operator(path)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(json(body))));
  }

  /** A request to this node as the operator. */
  private HttpRequest.Builder operator(String path) {
    return HttpRequest.newBuilder(URI.create(url() + path))
        .header("Authorization", TestAuth.OPERATOR_AUTHORIZATION);
  }

  JsonNode node() {
    return read(get("/v1/routing/node").body());
  }

  void serverLink(RouterNode peer, String feeBase, long feePpm, String ours, String theirs) {
    link(peer.address, "SERVER", peer.url(), feeBase, feePpm, ours, theirs);
  }

  void link(
      String address,
      String kind,
      String baseUrl,
      String feeBase,
      long feePpm,
      String ours,
      String theirs) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", kind);
    if (baseUrl != null) {
      body.put("baseUrl", baseUrl);
    }
    body.put("feeBase", new BigDecimal(feeBase));
    body.put("feePpm", feePpm);
    body.put("ourSpendable", new BigDecimal(ours));
    body.put("theirSpendable", new BigDecimal(theirs));
    HttpResponse<String> response = put("/v1/routing/links/" + address, body);
    if (response.statusCode() != 200) {
      throw new AssertionError(name + " refused link " + address + ": " + response.body());
    }
  }

  /** Signs an origination for this server, good for five minutes, the way a light client does. */
  Map<String, Object> origination(ECKeyPair client, String hash, String amount) {
    return origination(client, address, hash, amount, Instant.now().getEpochSecond() + 300);
  }

  /**
   * Signs an origination for the server with address {@code server}, good until {@code expires}.
   */
  static Map<String, Object> origination(
      ECKeyPair client, String server, String hash, String amount, long expires) {
    String text = "vigil-origination/2\n" + server + "\n" + hash + "\n" + amount + "\n" + expires;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("client", address(client));
    body.put("hash", hash);
    body.put("amount", amount);
    body.put("expires", expires);
    body.put("signature", sign(text.getBytes(StandardCharsets.UTF_8), client));
    return body;
  }

  static String sign(byte[] message, ECKeyPair key) {
    return PersonalSignatures.sign(message, key);
  }

  /** Sum of a counter's samples whose labels contain all the given fragments. */
  double metric(String name, String... labelFragments) {
    return process.metric(name, labelFragments);
  }

  static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(body, e);
    }
  }

  private static String json(Object body) {
    try {
      return body instanceof String text ? text : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(
          request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }
}
