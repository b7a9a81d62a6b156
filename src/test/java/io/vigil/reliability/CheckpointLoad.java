package io.vigil.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.SignedState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A steady load of relayed transactions: one client thread per channel asks the relay to post its
 * co-signed states as checkpoints ({@code POST /v1/relay/states}), in nonce order, moving on after
 * a 202 or 200 that names the request and asking again after anything else. Each checkpoint is a
 * transaction the relay signs and sends from its post key, so these are the sends whose nonces the
 * invariants check.
 */
final class CheckpointLoad {

  /** One channel's states, posted in order. */
  record Lane(ChannelId id, List<SignedState> states) {}

  /** One post and its answer; status -1 when the client failed or timed out. */
  record Post(ChannelId channel, long nonce, int status, String requestId, String body) {

    boolean accepted() {
      return (status == 200 || status == 202) && requestId != null;
    }
  }

  private final Supplier<String> baseUrl;
  private final List<Lane> lanes;
  private final ConcurrentLinkedQueue<Post> posts = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  private final Duration pace;

  /** Each client waits {@code pace} after an accepted post. */
  CheckpointLoad(Supplier<String> baseUrl, List<Lane> lanes, Duration pace) {
    this.baseUrl = baseUrl;
    this.pace = pace;
    this.lanes = lanes;
  }

  void start() {
    for (Lane lane : lanes) {
      threads.add(
          Thread.ofPlatform()
              .daemon()
              .name("checkpoints-" + lane.id().hex().substring(0, 10))
              .start(() -> run(lane)));
    }
  }

  void stop() {
    running.set(false);
    try {
      for (Thread thread : threads) {
        thread.join(DelegationLoad.CLIENT_TIMEOUT.toMillis() + 5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  List<Post> posts() {
    return List.copyOf(posts);
  }

  long accepted() {
    return posts.stream().filter(Post::accepted).count();
  }

  private void run(Lane lane) {
    int next = 0;
    while (running.get() && next < lane.states().size()) {
      Post post = send(lane.states().get(next));
      posts.add(post);
      next += post.accepted() ? 1 : 0;
      pause(post.accepted() ? pace.toMillis() : 250);
    }
  }

  private Post send(SignedState signed) {
    ChannelId channel = signed.state().channelId();
    long nonce = signed.state().nonce();
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("channelId", channel.hex());
    state.put("nonce", String.valueOf(nonce));
    state.put("balanceA", signed.state().balanceA().toString());
    state.put("balanceB", signed.state().balanceB().toString());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("action", "checkpoint");
    body.put("state", state);
    body.put("sigA", signed.signatureA().hex());
    body.put("sigB", signed.signatureB().hex());
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(baseUrl.get() + "/v1/relay/states"))
              .timeout(DelegationLoad.CLIENT_TIMEOUT)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      String requestId = null;
      if (response.statusCode() == 200 || response.statusCode() == 202) {
        requestId = json.readTree(response.body()).path("requestId").asText(null);
      }
      return new Post(channel, nonce, response.statusCode(), requestId, response.body());
    } catch (IOException e) {
      return new Post(channel, nonce, -1, null, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Post(channel, nonce, -1, null, "interrupted");
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
