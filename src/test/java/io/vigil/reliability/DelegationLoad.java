package io.vigil.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.reliability.PostgresOutageIT.Lane;
import io.vigil.reliability.PostgresOutageIT.Probe;
import io.vigil.testsupport.VigilProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A steady delegation load: one client thread per channel sends its states in nonce order, moving
 * on after a 201/200 and sending the same state again after anything else, as a client does.
 */
final class DelegationLoad {

  /** Longer than any answer may take: a request still open after it counts as a hang. */
  static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);

  private final Supplier<String> baseUrl;
  private final Duration pace;
  private final List<Lane> lanes;
  private final OutageLog log;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  DelegationLoad(VigilProcess vigil, List<Lane> lanes, OutageLog log) {
    this(vigil::baseUrl, lanes, log, Duration.ofMillis(50));
  }

  /**
   * A load on whichever process {@code baseUrl} names at each request (it may be replaced), each
   * client waiting {@code pace} after an acknowledged state.
   */
  DelegationLoad(Supplier<String> baseUrl, List<Lane> lanes, OutageLog log, Duration pace) {
    this.baseUrl = baseUrl;
    this.pace = pace;
    this.lanes = lanes;
    this.log = log;
  }

  void start() {
    for (Lane lane : lanes) {
      threads.add(
          Thread.ofPlatform().daemon().name("delegations-" + lane.keyB()).start(() -> run(lane)));
    }
  }

  /** Stops sending and waits for the requests in flight; safe to call more than once. */
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

  private void run(Lane lane) {
    int next = 0;
    while (running.get() && next < lane.bodies().size()) {
      OutageLog.Answer answer = send(lane, next);
      log.add(answer);
      next += answer.acknowledged() ? 1 : 0;
      pause(answer.acknowledged() ? pace.toMillis() : 250);
    }
  }

  private OutageLog.Answer send(Lane lane, int index) {
    long nonce = index + 1;
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl.get() + "/v1/watcher/delegations"))
            .timeout(CLIENT_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(lane.bodies().get(index)))
            .build();
    long sentAt = System.nanoTime();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if ((status == 200 || status == 201)
          && json.readTree(response.body()).path("nonce").asLong(-1) != nonce) {
        status = -2; // a success whose receipt is not for the state sent
      }
      return new OutageLog.Answer(
          lane.id(),
          nonce,
          sentAt,
          System.nanoTime(),
          status,
          response.headers().firstValue("Retry-After").orElse(null),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (java.io.IOException e) {
      return new OutageLog.Answer(
          lane.id(), nonce, sentAt, System.nanoTime(), -1, null, "", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new OutageLog.Answer(
          lane.id(), nonce, sentAt, System.nanoTime(), -1, null, "", "interrupted");
    }
  }

  /** Asks the readiness check every half second until told to stop. */
  static void probeReadiness(VigilProcess vigil, AtomicBoolean probing, Queue<Probe> probes) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    while (probing.get()) {
      long sentAt = System.nanoTime();
      boolean up;
      try {
        up =
            client
                    .send(
                        HttpRequest.newBuilder(
                                URI.create(vigil.managementUrl() + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
      } catch (java.io.IOException e) {
        up = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      probes.add(new Probe(sentAt, System.nanoTime(), up));
      pause(500);
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
