package io.vigil.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.PrivateKey;
import io.vigil.relay.RelayTestChain;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.TestAuth;
import io.vigil.watcher.Delegating;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * The steady mixed load of a soak run, each kind on its own client threads at a fixed pace: a new
 * state of every delegated channel, a relayed deposit, a routing origination and routing polls
 * ({@code GET /messagesByHash}) of recently originated hashes, and a mined block. Every answer is
 * counted per kind ({@link SoakTally}).
 */
final class SoakLoad {

  /** Longer than any answer may take: a request still open after it counts as a failure. */
  static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);

  /** Pause after each answer of one delegation lane (one lane per channel). */
  static final long DELEGATION_PAUSE_MS = 250;

  /** Pause after each relayed transaction: the relay admits two a second per sender. */
  static final long RELAY_PAUSE_MS = 1_000;

  static final long ORIGINATION_PAUSE_MS = 200;

  static final int POLLERS = 4;

  static final long POLL_PAUSE_MS = 20;

  static final long MINING_PAUSE_MS = 1_000;

  /** How many of the newest originated hashes the pollers ask for. */
  private static final int RECENT = 32;

  private static final BigInteger STEP = BigInteger.TEN.pow(9);

  private static final BigInteger RELAYED_DEPOSIT = BigInteger.TEN.pow(9);

  private final SoakStack stack;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicReferenceArray<String> recent = new AtomicReferenceArray<>(RECENT);
  private final AtomicLong originated = new AtomicLong();
  private final ECKeyPair routingClient =
      ECKeyPair.create(Numeric.toBigInt("0x" + "c5".repeat(32)));
  private final String routingClientAddress = "0x" + Keys.getAddress(routingClient.getPublicKey());
  private final String routingServerAddress =
      "0x" + Keys.getAddress(ECKeyPair.create(Numeric.toBigInt(SoakStack.NODE_KEY)).getPublicKey());

  final SoakTally delegations = new SoakTally("delegation");
  final SoakTally relayed = new SoakTally("relayed transaction");
  final SoakTally originations = new SoakTally("routing origination");
  final SoakTally polls = new SoakTally("routing poll");
  final SoakTally blocks = new SoakTally("mined block");

  SoakLoad(SoakStack stack) {
    this.stack = stack;
  }

  List<SoakTally> tallies() {
    return List.of(delegations, relayed, originations, polls, blocks);
  }

  /** Links the routing client, originates a first hash, and starts every client thread. */
  void start() {
    HttpResponse<String> link =
        send(
            HttpRequest.newBuilder(
                    URI.create(stack.vigil.baseUrl() + "/v1/routing/links/" + routingClientAddress))
                .header("Content-Type", "application/json")
                .header("Authorization", TestAuth.OPERATOR_AUTHORIZATION)
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"kind\":\"CLIENT\",\"feePpm\":1000,\"ourSpendable\":\"1000000000000\"}")));
    if (link.statusCode() != 200) {
      throw new IllegalStateException("linking the routing client: " + link.body());
    }
    originate();
    if (originated.get() == 0) {
      throw new IllegalStateException("the first origination failed:\n" + originations.counts());
    }
    for (int i = 0; i < stack.delegated.size(); i++) {
      int lane = i;
      begin("soak-delegations-" + i, () -> delegate(lane));
    }
    begin("soak-relay", this::relay);
    begin(
        "soak-originations",
        () -> {
          while (running.get()) {
            originate();
            pause(ORIGINATION_PAUSE_MS);
          }
        });
    for (int i = 0; i < POLLERS; i++) {
      begin("soak-polls-" + i, this::poll);
    }
    begin("soak-mining", this::mine);
  }

  /** Stops every client thread and waits for the requests in flight; safe to call again. */
  void stop() {
    running.set(false);
    try {
      for (Thread thread : threads) {
        thread.join(CLIENT_TIMEOUT.toMillis() + 5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void begin(String name, Runnable loop) {
    threads.add(Thread.ofPlatform().daemon().name(name).start(loop));
  }

  /** One channel's states in nonce order, each signed just before it is sent. */
  private void delegate(int lane) {
    ChannelId id = stack.delegated.get(lane);
    String keyB = SoakStack.keyB(lane);
    PrivateKey a = PrivateKey.of(SoakStack.KEY_A);
    PrivateKey b = PrivateKey.of(keyB);
    String authorization = stack.hub.hunterAuthorization(id, Delegating.HUNTER, keyB);
    ChannelState state = ChannelState.opening(id, HubFixture.ETHER, HubFixture.ETHER).pay(STEP);
    while (running.get()) {
      SignedState signed = stack.hub.sign(state, a, b);
      String body;
      try {
        body = json.writeValueAsString(Delegating.body(signed, authorization));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      HttpResponse<String> answer =
          exchange(
              delegations,
              HttpRequest.newBuilder(URI.create(stack.vigil.baseUrl() + "/v1/watcher/delegations"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body)));
      if (answer != null && answer.statusCode() / 100 == 2) {
        state = state.pay(STEP);
      }
      pause(DELEGATION_PAUSE_MS);
    }
  }

  /** Deposits into the relay client's channel, signed by the client and carried by the relay. */
  private void relay() {
    String hub = stack.hub.hub().hex();
    String deposit =
        FunctionEncoder.encode(
            new Function("deposit", List.of(new Bytes32(stack.relayChannel.toBytes())), List.of()));
    String sender = HubFixture.address(SoakStack.RELAY_CLIENT_KEY);
    long nonce = pendingNonce(sender);
    while (running.get()) {
      String raw =
          RelayTestChain.signHubCall(
              SoakStack.RELAY_CLIENT_KEY, nonce, hub, RELAYED_DEPOSIT, deposit);
      HttpResponse<String> answer =
          exchange(
              relayed,
              HttpRequest.newBuilder(URI.create(stack.vigil.baseUrl() + "/v1/relay/transactions"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"raw\":\"" + raw + "\"}")));
      if (answer != null && answer.statusCode() / 100 == 2) {
        nonce++;
      } else {
        nonce = pendingNonce(sender);
      }
      pause(RELAY_PAUSE_MS);
    }
  }

  private long pendingNonce(String address) {
    String answer = stack.anvil.rpc("eth_getTransactionCount", "[\"" + address + "\",\"pending\"]");
    return Long.parseLong(answer.replaceAll(".*\"result\":\"0x([0-9a-fA-F]+)\".*", "$1"), 16);
  }

  /** A routing message for a new hash, signed by the linked client for this server. */
  private void originate() {
    long number = originated.get() + 1;
    String hash =
        String.format(Locale.ROOT, "0x%016x%048x", ThreadLocalRandom.current().nextLong(), number);
    long expires = Instant.now().getEpochSecond() + 120;
    String text = "vigil-origination/2\n" + routingServerAddress + "\n" + hash + "\n10\n" + expires;
    Map<String, Object> body =
        Map.of(
            "client",
            routingClientAddress,
            "hash",
            hash,
            "amount",
            "10",
            "expires",
            expires,
            "signature",
            personalSignature(text));
    HttpResponse<String> answer;
    try {
      answer =
          exchange(
              originations,
              HttpRequest.newBuilder(URI.create(stack.vigil.baseUrl() + "/v1/routing/originations"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (answer != null && answer.statusCode() / 100 == 2) {
      recent.set((int) (number % RECENT), hash);
      originated.set(number);
    }
  }

  private String personalSignature(String text) {
    Sign.SignatureData signature =
        Sign.signPrefixedMessage(text.getBytes(StandardCharsets.UTF_8), routingClient);
    byte[] bytes = new byte[65];
    System.arraycopy(signature.getR(), 0, bytes, 0, 32);
    System.arraycopy(signature.getS(), 0, bytes, 32, 32);
    bytes[64] = signature.getV()[0];
    return Numeric.toHexString(bytes);
  }

  /** Asks for one of the newest originated hashes, as a light client polling for its payment. */
  private void poll() {
    while (running.get()) {
      long newest = originated.get();
      long pick = newest - ThreadLocalRandom.current().nextLong(Math.min(newest, RECENT));
      String hash = recent.get((int) (pick % RECENT));
      if (hash != null) {
        exchange(
            polls,
            HttpRequest.newBuilder(URI.create(stack.vigil.baseUrl() + "/messagesByHash/" + hash))
                .GET());
      }
      pause(POLL_PAUSE_MS);
    }
  }

  private void mine() {
    while (running.get()) {
      try {
        String answer = stack.anvil.rpc("anvil_mine", "[\"0x1\"]");
        if (answer.contains("\"error\"")) {
          blocks.failed(new IllegalStateException(answer));
        } else {
          blocks.answered(200, answer);
        }
      } catch (RuntimeException e) {
        blocks.failed(e);
      }
      pause(MINING_PAUSE_MS);
    }
  }

  /** Sends one request, counts its answer, and returns it (null when there was none). */
  private HttpResponse<String> exchange(SoakTally tally, HttpRequest.Builder request) {
    try {
      HttpResponse<String> answer = sendOrThrow(request);
      tally.answered(answer.statusCode(), answer.body());
      return answer;
    } catch (IOException e) {
      tally.failed(e);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return sendOrThrow(request);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> sendOrThrow(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.timeout(CLIENT_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
  }

  private void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.set(false);
    }
  }
}
