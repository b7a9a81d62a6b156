package io.vigil.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.SignedState;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.VigilProcess;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.web3j.utils.Numeric;

/**
 * Two watcher replicas sharing one database enforce one client's delegation rate together: a burst
 * spread over both admits about the bucket's burst in total, not twice it; and the idle bucket is
 * pruned once it is full again.
 */
class SharedRateLimitIT {

  private static final int BURST = 8;
  private static final double RATE = 1.0;
  private static final int REQUESTS = 32;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldAdmitOneBurstInTotalWhenAClientSpreadsItsRequestsOverTwoReplicas() throws Exception {
    try (VigilStack stack = new VigilStack();
        VigilProcess first = stack.startWith("limits-a", "chain,watcher", limits());
        VigilProcess second = stack.startWith("limits-b", "watcher", limits())) {
      String client = "0x" + String.format("%064x", new BigInteger(250, new SecureRandom()));
      String address = HubFixture.address(client);
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        ChannelId unknown =
            ChannelId.of(
                Numeric.toHexStringWithPrefixZeroPadded(
                    new BigInteger(255, new SecureRandom()), 64));
        SignedState state =
            stack.driver.sign(
                ChannelState.of(unknown, 1, BigInteger.ONE, BigInteger.ZERO),
                Anvil.DEV_KEYS.get(1),
                client);
        bodies.add(
            json.writeValueAsString(
                Delegating.body(
                    state, stack.driver.hunterAuthorization(unknown, Delegating.HUNTER, client))));
      }
      List<VigilProcess> replicas = List.of(first, second);

      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      long start = System.nanoTime();
      try {
        for (int i = 0; i < REQUESTS; i++) {
          VigilProcess replica = replicas.get(i % 2);
          String body = bodies.get(i);
          answers.add(pool.submit(() -> post(replica, body)));
        }
        List<HttpResponse<String>> done = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
          done.add(answer.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        int[] admittedBy = new int[2];
        int refused = 0;
        for (int i = 0; i < REQUESTS; i++) {
          HttpResponse<String> answer = done.get(i);
          assertThat(answer.statusCode()).as(answer.body()).isIn(201, 429);
          if (answer.statusCode() == 201) {
            admittedBy[i % 2]++;
          } else {
            refused++;
            assertThat(answer.headers().firstValue("Content-Type"))
                .hasValue("application/problem+json");
            assertThat(Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow()))
                .isPositive();
            assertThat(json.readTree(answer.body()).get("detail").asText())
                .contains("watcher.delegations");
          }
        }
        int admitted = admittedBy[0] + admittedBy[1];
        long allowance = BURST + (long) Math.ceil(RATE * seconds);
        System.out.printf(
            "SHARED-RATE-LIMIT %d requests in %.2f s over two replicas: admitted %d (%d + %d),"
                + " refused %d; burst %d, allowance %d%n",
            REQUESTS, seconds, admitted, admittedBy[0], admittedBy[1], refused, BURST, allowance);
        assertThat(admitted).isGreaterThanOrEqualTo(BURST).isLessThanOrEqualTo((int) allowance);
        assertThat(refused).isPositive();
        assertThat(
                stack.queryLong(
                    "select count(*) from watcher_state where client = ?",
                    Numeric.hexStringToByteArray(address)))
            .as("only admitted delegations were stored")
            .isEqualTo(admitted);
      } finally {
        pool.shutdownNow();
      }

      assertThat(stack.queryLong("select count(*) from rate_bucket where key = ?", address))
          .isEqualTo(1);
      Await.until(
          "the client's bucket to be pruned once it is full again",
          Duration.ofSeconds(60),
          () -> stack.queryLong("select count(*) from rate_bucket where key = ?", address) == 0);
      assertThat(pruned(first) + pruned(second)).isGreaterThanOrEqualTo(1);
    }
  }

  /** The pruning loop's counter (a meter without labels) from a replica's metrics. */
  private static double pruned(VigilProcess replica) {
    return replica
        .getManagement("/q/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith("vigil_rate_buckets_pruned_total "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
        .sum();
  }

  private static Map<String, String> limits() {
    return Map.of(
        "vigil.watcher.rate-per-second", String.valueOf(RATE),
        "vigil.watcher.rate-burst", String.valueOf(BURST),
        "vigil.limits.prune-interval", "1s");
  }

  private HttpResponse<String> post(VigilProcess replica, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/v1/watcher/delegations"))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
