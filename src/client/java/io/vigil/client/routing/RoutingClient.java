package io.vigil.client.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.client.ErrorCode;
import io.vigil.client.VigilClientException;
import io.vigil.client.http.JsonHttp;
import io.vigil.client.sign.Signer;
import io.vigil.core.protocol.Amounts;
import io.vigil.core.protocol.Originations;
import io.vigil.core.protocol.PaymentHashes;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * In charge of a light client's calls to its routing servers: originating a routing message at
 * every server it has a link with, and polling servers for a payment hash. Every call is bounded by
 * {@link JsonHttp.Limits}, and calls to several servers run concurrently, each waited for at most
 * its own bound: a dead server never blocks the others.
 */
public final class RoutingClient implements AutoCloseable {

  /** The public path that names a server's node address (the key its bundles are signed with). */
  public static final String IDENTITY_PATH = "/v1/landmark/server";

  private final JsonHttp.Limits limits;
  private final Clock clock;
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

  /** One bounded connection pool per server, for the life of this client. */
  private final Map<String, JsonHttp> servers = new ConcurrentHashMap<>();

  public RoutingClient(JsonHttp.Limits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  public static RoutingClient create() {
    return new RoutingClient(JsonHttp.Limits.DEFAULT, Clock.systemUTC());
  }

  /**
   * The node address {@code url} answers on its public identity endpoint. Trust on first use:
   * compare it with the operator out of band when it matters, and pin it.
   */
  public String serverAddress(String url) {
    JsonNode body = http(url).get(IDENTITY_PATH).body();
    String address = body == null ? "" : body.path("address").asText("");
    if (!io.vigil.core.crypto.Address.isValid(address)) {
      throw VigilClientException.of(
          ErrorCode.BAD_RESPONSE, url + IDENTITY_PATH + " named no address: " + body);
    }
    return RoutingServer.checkedAddress(address);
  }

  /**
   * Signs an origination for {@code server}'s address and sends it there. A refusal (malformed,
   * wrong signer, no link with this client) or an outage is a {@link VigilClientException}; a
   * decision of the server is the outcome.
   */
  public OriginationOutcome originate(
      RoutingServer server, String hash, BigDecimal amount, long expires, Signer signer) {
    String normalized = hash(hash);
    Amounts.refusal(amount)
        .ifPresent(
            reason -> {
              throw VigilClientException.of(ErrorCode.USAGE, "amount " + reason);
            });
    String address = server.address().orElseGet(() -> serverAddress(server.url()));
    String signature =
        signer.signPersonal(Originations.text(address, normalized, amount, expires)).hex();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("client", signer.address().hex());
    body.put("hash", normalized);
    body.put("amount", Amounts.text(amount));
    body.put("expires", expires);
    body.put("signature", signature);
    JsonNode answer = http(server.url()).post("/v1/routing/originations", body).body();
    return outcome(server.url(), answer);
  }

  /**
   * Originates at every server at once (one origination per server the client has a link with),
   * each signed for that server. Every server gets an outcome; a failure is {@link
   * OriginationOutcome.Failed}.
   */
  public List<OriginationOutcome> originateAll(
      List<RoutingServer> servers, String hash, BigDecimal amount, long expires, Signer signer) {
    hash(hash);
    return each(
        servers,
        server -> originate(server, hash, amount, expires, signer),
        (server, failure) -> OriginationOutcome.Failed.of(server.url(), failure),
        RoutingServer::url,
        2);
  }

  /** Asks every server for the hash at once; see {@link PollResult#best()} for the choice. */
  public PollResult poll(String hash, List<String> servers) {
    String normalized = hash(hash);
    return new PollResult(
        normalized,
        each(
            servers,
            url -> route(url, normalized),
            (url, failure) -> RouteAnswer.Failed.of(url, failure),
            Function.identity(),
            1));
  }

  /**
   * Polls every {@code interval} until some server has a route or {@code wait} has passed; then
   * keeps polling for {@code settle} more, since a cheaper route may still be travelling. Returns
   * the last round, whose {@link PollResult#best()} is empty when no server had a route in time.
   */
  public PollResult pollUntil(
      String hash, List<String> servers, Duration wait, Duration settle, Duration interval) {
    Instant deadline = clock.instant().plus(wait);
    Instant settled = null;
    while (true) {
      PollResult round = poll(hash, servers);
      Instant now = clock.instant();
      if (settled == null && round.best().isPresent()) {
        settled = now.plus(settle);
      }
      Instant end = settled != null ? settled : deadline;
      if (!now.plus(interval).isBefore(end)) {
        return round;
      }
      sleep(interval);
    }
  }

  private JsonHttp http(String url) {
    return servers.computeIfAbsent(url, base -> new JsonHttp(base, limits));
  }

  private RouteAnswer route(String url, String hash) {
    JsonNode body;
    try {
      body = http(url).get("/messagesByHash/" + hash).body();
    } catch (VigilClientException refused) {
      if (refused.status() == 404
          && refused.problemType().filter(type -> type.endsWith("no-route")).isPresent()) {
        return new RouteAnswer.NoRoute(url);
      }
      throw refused;
    }
    String answered = body.path("hash").asText("");
    BigDecimal amount = decimal(body.path("amount").asText(""));
    if (!hash.equals(answered) || amount == null || amount.signum() <= 0) {
      throw VigilClientException.of(
          ErrorCode.BAD_RESPONSE, url + " answered for " + hash + " with " + body);
    }
    return new RouteAnswer.Route(
        url,
        hash,
        amount,
        body.path("unit").asText(""),
        body.path("nextHop").asText(""),
        body.path("expiresAt").asText(""));
  }

  private static OriginationOutcome outcome(String server, JsonNode answer) {
    String kind = answer.path("outcome").asText("");
    if (kind.equals("dropped")) {
      return new OriginationOutcome.Dropped(server, answer.path("reason").asText(""));
    }
    BigDecimal amount = decimal(answer.path("amount").asText(""));
    if (amount == null || !(kind.equals("accepted") || kind.equals("replaced"))) {
      throw VigilClientException.of(
          ErrorCode.BAD_RESPONSE, server + " answered an origination with " + answer);
    }
    List<String> forwarded = new ArrayList<>();
    answer.path("forwardedTo").forEach(to -> forwarded.add(to.asText()));
    String nextHop = answer.path("nextHop").asText("");
    return kind.equals("accepted")
        ? new OriginationOutcome.Accepted(server, amount, nextHop, forwarded)
        : new OriginationOutcome.Replaced(server, amount, nextHop, forwarded);
  }

  /**
   * Runs {@code call} for every item concurrently and collects the results in the items' order.
   * Each is waited for at most one request's bound (connect + request timeout, plus a second); one
   * that takes longer is cancelled and reported as a timeout.
   */
  private <T, R> List<R> each(
      List<T> items,
      Function<T, R> call,
      BiFunction<T, VigilClientException, R> failed,
      Function<T, String> name,
      int requests) {
    if (items.isEmpty()) {
      throw VigilClientException.of(ErrorCode.USAGE, "name at least one routing server");
    }
    List<Future<R>> futures = new ArrayList<>();
    for (T item : items) {
      futures.add(calls.submit(() -> call.apply(item)));
    }
    long bound =
        limits.connectTimeout().plus(limits.requestTimeout()).multipliedBy(requests).toMillis()
            + 1_000
            + System.currentTimeMillis();
    List<R> results = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      T item = items.get(i);
      Future<R> future = futures.get(i);
      try {
        long left = Math.max(1, bound - System.currentTimeMillis());
        results.add(future.get(left, TimeUnit.MILLISECONDS));
      } catch (ExecutionException broken) {
        results.add(failed.apply(item, asClientFailure(name.apply(item), broken.getCause())));
      } catch (TimeoutException slow) {
        future.cancel(true);
        results.add(
            failed.apply(
                item,
                VigilClientException.of(
                    ErrorCode.TIMEOUT, name.apply(item) + ": no answer in time")));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        futures.forEach(pending -> pending.cancel(true));
        throw VigilClientException.of(ErrorCode.TIMEOUT, "interrupted while waiting", interrupted);
      }
    }
    return results;
  }

  private static VigilClientException asClientFailure(String server, Throwable cause) {
    if (cause instanceof VigilClientException failure) {
      return failure;
    }
    return VigilClientException.of(
        ErrorCode.BAD_RESPONSE, server + ": " + cause.getMessage(), cause);
  }

  private static String hash(String hash) {
    return PaymentHashes.normalized(hash)
        .orElseThrow(
            () ->
                VigilClientException.of(
                    ErrorCode.USAGE, "a payment hash is 0x and 64 hex digits: " + hash));
  }

  static BigDecimal decimal(String text) {
    try {
      return text.isEmpty() || text.length() > 100 ? null : new BigDecimal(text);
    } catch (NumberFormatException malformed) {
      return null;
    }
  }

  private static void sleep(Duration interval) {
    try {
      Thread.sleep(interval);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw VigilClientException.of(ErrorCode.TIMEOUT, "interrupted while polling", interrupted);
    }
  }

  @Override
  public void close() {
    calls.shutdownNow();
  }
}
