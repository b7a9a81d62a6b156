package io.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.router.reactive.PropagationSimulation;
import io.vigil.testsupport.TestAuth;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Routing server benchmarks: polling throughput of {@code GET /messagesByHash} against a trivial
 * endpoint of the same process, run after run (target: at least 80% of it in every run), and
 * propagation of one origination across a simulated network.
 */
class RoutingBench {

  private static final int CLIENTS = 200;
  private static final int HASHES = 500;
  private static final Duration WARMUP = Duration.ofSeconds(4);
  private static final Duration ROUND = Duration.ofSeconds(6);
  private static final int ROUNDS = 5;
  private static final double TARGET_RATIO = 0.80;

  /** Requests per second and latency percentiles of one measured round. */
  record Load(double rps, double p50Millis, double p99Millis, long errors) {}

  @Test
  void pollingThroughputAndPropagation() throws Exception {
    String polling = polling();
    String propagation = propagation();
    BenchReport.section("routing", polling + "\n\n" + propagation);
  }

  private String polling() throws Exception {
    Map<String, String> properties = new HashMap<>(TestInfrastructure.get().vigilConfig());
    properties.put(
        "quarkus.datasource.jdbc.url",
        TestInfrastructure.get().postgres().createDatabase("router_bench"));
    properties.put("vigil.roles", "router");
    String nodeKey = "0x" + "42".repeat(32);
    properties.put("vigil.router.node-key", nodeKey);
    properties.put("quarkus.log.level", "WARN");
    // One client originates every hash of the setup at once.
    properties.put("vigil.router.origination-rate-per-client", "100000");
    properties.put("vigil.router.origination-burst-per-client", "100000");
    try (VigilProcess server = VigilProcess.start("router-bench", properties)) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      ECKeyPair client = ECKeyPair.create(Numeric.toBigInt("0x" + "c1".repeat(32)));
      String clientAddress = "0x" + Keys.getAddress(client.getPublicKey());
      String serverAddress =
          "0x" + Keys.getAddress(ECKeyPair.create(Numeric.toBigInt(nodeKey)).getPublicKey());
      send(
          http,
          HttpRequest.newBuilder(
                  URI.create(server.baseUrl() + "/v1/routing/links/" + clientAddress))
              .header("Content-Type", "application/json")
              .header("Authorization", TestAuth.OPERATOR_AUTHORIZATION)
              .PUT(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"kind\":\"CLIENT\",\"feePpm\":1000,\"ourSpendable\":\"1000000000\"}")));
      List<String> hashes = new ArrayList<>();
      for (int i = 0; i < HASHES; i++) {
        String hash = String.format(Locale.ROOT, "0x%064x", i + 1);
        long expires = Instant.now().getEpochSecond() + 300;
        String text = "vigil-origination/2\n" + serverAddress + "\n" + hash + "\n10\n" + expires;
        String body =
            "{\"client\":\""
                + clientAddress
                + "\",\"hash\":\""
                + hash
                + "\",\"amount\":\"10\",\"expires\":"
                + expires
                + ",\"signature\":\""
                + sign(text, client)
                + "\"}";
        HttpResponse<String> response =
            send(
                http,
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/routing/originations"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.body()).contains("accepted");
        hashes.add(hash);
      }
      String base = server.baseUrl();
      run(http, WARMUP, i -> base + "/v1/routing/ping");
      run(http, WARMUP, i -> base + "/messagesByHash/" + hashes.get(i % HASHES));
      List<Round> rounds = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        Measured trivial = measure(server, http, i -> base + "/v1/routing/ping");
        double hitsBefore = cacheLookups(server, "hit");
        double missesBefore = cacheLookups(server, "miss");
        Measured byHash =
            measure(server, http, i -> base + "/messagesByHash/" + hashes.get(i % HASHES));
        double hits = cacheLookups(server, "hit") - hitsBefore;
        double misses = cacheLookups(server, "miss") - missesBefore;
        rounds.add(new Round(trivial, byHash, hits + misses == 0 ? 0 : hits / (hits + misses)));
      }
      assertThat(rounds).allSatisfy(r -> assertThat(r.trivial().load().errors()).isZero());
      assertThat(rounds).allSatisfy(r -> assertThat(r.byHash().load().errors()).isZero());
      return pollingReport(rounds);
    }
  }

  /** One measured round of one endpoint: its load and the router process's CPU per request. */
  record Measured(Load load, double cpuMicrosPerRequest) {}

  /**
   * One run: the trivial endpoint, then {@code /messagesByHash}, back to back, with the share of
   * the latter's lookups the answer cache served.
   */
  record Round(Measured trivial, Measured byHash, double hitShare) {
    double ratio() {
      return byHash.load().rps() / trivial.load().rps();
    }

    boolean met() {
      return ratio() >= TARGET_RATIO;
    }
  }

  private static Measured measure(
      VigilProcess server, HttpClient http, java.util.function.IntFunction<String> url)
      throws Exception {
    long ticksBefore = cpuTicks(server.pid());
    long started = System.nanoTime();
    Load load = run(http, ROUND, url);
    double seconds = (System.nanoTime() - started) / 1e9;
    double cpuSeconds = (cpuTicks(server.pid()) - ticksBefore) / 100.0;
    double requests = load.rps() * seconds;
    return new Measured(load, requests == 0 ? 0 : cpuSeconds / requests * 1e6);
  }

  private static String pollingReport(List<Round> rounds) {
    StringBuilder perRun = new StringBuilder();
    for (int i = 0; i < rounds.size(); i++) {
      Round r = rounds.get(i);
      perRun.append(
          String.format(
              Locale.ROOT,
              "| %d | %.0f | %.0f | %.0f | %.0f | %.1f%% | %.1f%% | %s |%n",
              i + 1,
              r.trivial().load().rps(),
              r.trivial().cpuMicrosPerRequest(),
              r.byHash().load().rps(),
              r.byHash().cpuMicrosPerRequest(),
              r.hitShare() * 100,
              r.ratio() * 100,
              r.met() ? "pass" : "**miss**"));
    }
    double[] ratios = rounds.stream().mapToDouble(Round::ratio).toArray();
    double[] trivialRps = rounds.stream().mapToDouble(r -> r.trivial().load().rps()).toArray();
    double[] byHashRps = rounds.stream().mapToDouble(r -> r.byHash().load().rps()).toArray();
    double[] trivialP99 =
        rounds.stream().mapToDouble(r -> r.trivial().load().p99Millis()).toArray();
    double[] byHashP99 = rounds.stream().mapToDouble(r -> r.byHash().load().p99Millis()).toArray();
    List<String> missed = new ArrayList<>();
    for (int i = 0; i < rounds.size(); i++) {
      if (!rounds.get(i).met()) {
        missed.add(String.valueOf(i + 1));
      }
    }
    String verdict =
        missed.isEmpty()
            ? "The target is met in every run."
            : "The target is **missed in run " + String.join(", ", missed) + "**.";
    return String.format(
        Locale.ROOT,
        """
            ## Routing server: polling (`GET /messagesByHash`)

            One router process in its own JVM (own PostgreSQL database, %d stored entries), %d
            concurrent HTTP/1.1 clients in the benchmark JVM on the same machine. Each run measures
            the trivial endpoint `GET /v1/routing/ping` of the same process (same role filter,
            security and REST stack, no database; the limit) for %d s, then `GET
            /messagesByHash/{hash}` over the %d hashes for %d s, after a warm-up of both; %d runs.
            Answers by hash come from the replica's answer cache (serialized bytes, valid for
            `vigil.router.answer-cache-validity`, 1 s by default, dropped at once by this replica's
            own writes); a miss reads PostgreSQL (one indexed lookup) and serializes the answer.
            The hit share is what the cache served in the run: each hash is polled about (request
            rate × validity ÷ %d) times per validity, so it falls with the request rate. CPU is the
            router process's user + system time per request, from `/proc`.

            Target: `messagesByHash` reaches at least %.0f%% of the trivial endpoint's throughput in
            every run.

            | run | ping req/s | ping CPU µs/req | messagesByHash req/s | messagesByHash CPU µs/req | cache hits | ratio | ≥ %.0f%% |
            |---:|---:|---:|---:|---:|---:|---:|---|
            %s

            | figure | median | min | max |
            |---|---:|---:|---:|
            | ratio (messagesByHash ÷ ping) | %.1f%% | %.1f%% | %.1f%% |
            | `GET /v1/routing/ping` req/s (limit) | %.0f | %.0f | %.0f |
            | `GET /messagesByHash/{hash}` req/s | %.0f | %.0f | %.0f |
            | `GET /v1/routing/ping` p99 ms | %.2f | %.2f | %.2f |
            | `GET /messagesByHash/{hash}` p99 ms | %.2f | %.2f | %.2f |

            %s""",
        HASHES,
        CLIENTS,
        ROUND.toSeconds(),
        HASHES,
        ROUND.toSeconds(),
        rounds.size(),
        HASHES,
        TARGET_RATIO * 100,
        TARGET_RATIO * 100,
        perRun.toString().strip(),
        median(ratios) * 100,
        min(ratios) * 100,
        max(ratios) * 100,
        median(trivialRps),
        min(trivialRps),
        max(trivialRps),
        median(byHashRps),
        min(byHashRps),
        max(byHashRps),
        median(trivialP99),
        min(trivialP99),
        max(trivialP99),
        median(byHashP99),
        min(byHashP99),
        max(byHashP99),
        verdict);
  }

  private static double cacheLookups(VigilProcess server, String result) {
    return server.metric("vigil_router_answer_cache_requests_total", "result=\"" + result + "\"");
  }

  /** utime + stime of a process, in clock ticks (1/100 s). */
  private static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String propagation() {
    int size = 60;
    long flush = 1000;
    long poll = 1000;
    PropagationSimulation network = new PropagationSimulation(size, 4, 0.2, flush, poll, 7);
    int diameter = network.diameter();
    List<PropagationSimulation.Run> runs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      runs.add(network.originate((i * 7) % size, String.format(Locale.ROOT, "0x%064x", i + 1)));
    }
    runs.forEach(run -> assertThat(run.reached()).isEqualTo(size));
    double[] seconds =
        runs.stream().mapToDouble(PropagationSimulation.Run::secondsToFarthest).toArray();
    double[] ratioToBound =
        runs.stream()
            .mapToDouble(r -> r.secondsToFarthest() / (r.eccentricity() * flush / 1000.0))
            .toArray();
    double[] messages = runs.stream().mapToDouble(PropagationSimulation.Run::messages).toArray();
    double[] perLink =
        runs.stream().mapToDouble(r -> r.messages() / (double) network.links()).toArray();
    return String.format(
        Locale.ROOT,
        """
        ## Routing server: propagation of one origination

        Simulated network: %d routing servers, Watts-Strogatz small world (ring, 4 neighbours each,
        20%% of links rewired, seed 7), %d links, diameter %d hops. Each server runs the real
        `ReactiveNode`/`RoutingRules` (random proportional fee 0-2%% per link, ample liquidity), cuts
        its queue every %d ms and polls its neighbours every %d ms, each timer at its own random
        phase, on a simulated clock. 20 originations from different servers; medians (max).

        | measure | median | max | limit |
        |---|---:|---:|---|
        | time until the farthest server holds the entry (s) | %.2f | %.2f | diameter × flush = %.1f s; origin's eccentricity × (flush + poll) per hop is the model's bound |
        | time ÷ (origin's eccentricity × flush interval) | %.2f | %.2f | 1.0 |
        | messages sent per origination | %.0f | %.0f | one per link direction would be %d |
        | messages per link | %.2f | %.2f | |

        Messages beyond one per link direction are re-advertisements after a cheaper route arrived
        later (replace only if strictly lower).""",
        size,
        network.links(),
        diameter,
        flush,
        poll,
        median(seconds),
        max(seconds),
        diameter * flush / 1000.0,
        median(ratioToBound),
        max(ratioToBound),
        median(messages),
        max(messages),
        2 * network.links(),
        median(perLink),
        max(perLink));
  }

  /** Runs {@value #CLIENTS} closed-loop clients for the duration against generated URLs. */
  private static Load run(
      HttpClient http, Duration duration, java.util.function.IntFunction<String> url)
      throws Exception {
    long end = System.nanoTime() + duration.toNanos();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<long[]>> clients = new ArrayList<>();
      long started = System.nanoTime();
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(
            threads.submit(
                () -> {
                  long[] latencies = new long[1 << 16];
                  int count = 0;
                  long errors = 0;
                  int i = ThreadLocalRandom.current().nextInt(HASHES);
                  while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    HttpResponse<Void> response =
                        http.send(
                            HttpRequest.newBuilder(URI.create(url.apply(i++))).GET().build(),
                            HttpResponse.BodyHandlers.discarding());
                    long t1 = System.nanoTime();
                    if (response.statusCode() != 200) {
                      errors++;
                    }
                    if (count == latencies.length) {
                      latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = t1 - t0;
                  }
                  long[] out = Arrays.copyOf(latencies, count + 1);
                  out[count] = errors;
                  return out;
                }));
      }
      List<Long> all = new ArrayList<>();
      long errors = 0;
      for (Future<long[]> client : clients) {
        long[] result = client.get();
        for (int i = 0; i < result.length - 1; i++) {
          all.add(result[i]);
        }
        errors += result[result.length - 1];
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
      return new Load(
          sorted.length / seconds,
          percentile(sorted, 0.50) / 1e6,
          percentile(sorted, 0.99) / 1e6,
          errors);
    }
  }

  private static long percentile(long[] sorted, double q) {
    return sorted.length == 0
        ? 0
        : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(0);
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElse(0);
  }

  private static String sign(String text, ECKeyPair key) {
    Sign.SignatureData signature =
        Sign.signPrefixedMessage(text.getBytes(StandardCharsets.UTF_8), key);
    byte[] bytes = new byte[65];
    System.arraycopy(signature.getR(), 0, bytes, 0, 32);
    System.arraycopy(signature.getS(), 0, bytes, 32, 32);
    bytes[64] = signature.getV()[0];
    return Numeric.toHexString(bytes);
  }

  private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(
        request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
