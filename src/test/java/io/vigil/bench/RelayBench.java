package io.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.relay.RelayTestChain;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

/**
 * Relayed transactions per second, from the client API to confirmed, next to bare
 * eth_sendRawTransaction throughput (until mined) on the same anvil in the same run.
 */
class RelayBench {

  static final int SENDERS = 4;
  static final int PER_SENDER = 50;
  static final int ROUNDS = 3;

  static final String NAME = "relay_bench_" + Long.toHexString(System.nanoTime());

  RelayTestChain chain;
  String endpoint;
  String jdbcUrl;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** Pre-signed hub opens: one list per sender, in nonce order. */
  List<List<String>> sign(String hub) {
    List<List<String>> all = new ArrayList<>();
    java.util.Random random = new java.util.Random(42);
    for (int s = 0; s < SENDERS; s++) {
      String key = Anvil.DEV_KEYS.get(1 + s);
      long nonce = chain.pendingNonce(RelayTestChain.address(key));
      List<String> raws = new ArrayList<>();
      for (int i = 0; i < PER_SENDER; i++) {
        // A fresh partner each time: one pair can open one channel per block.
        byte[] partnerBytes = new byte[20];
        random.nextBytes(partnerBytes);
        String partner = org.web3j.utils.Numeric.toHexString(partnerBytes);
        raws.add(
            chain.sign(
                key,
                Anvil.CHAIN_ID,
                nonce + i,
                300_000,
                hub,
                BigInteger.valueOf(1000),
                RelayTestChain.openCall(partner, 3600, BigInteger.ZERO),
                RelayTestChain.GWEI.multiply(BigInteger.valueOf(100)),
                RelayTestChain.GWEI));
      }
      all.add(raws);
    }
    return all;
  }

  /** Runs one task per sender in parallel and waits for all. */
  static void parallel(List<List<String>> raws, RawSender sender) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (List<String> list : raws) {
        futures.add(
            pool.submit(
                () -> {
                  for (String raw : list) {
                    sender.send(raw);
                  }
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  interface RawSender {
    void send(String raw) throws Exception;
  }

  static String last(List<List<String>> raws, int sender) {
    List<String> list = raws.get(sender);
    return Hash.sha3(list.get(list.size() - 1));
  }

  double raw(String hub) throws Exception {
    List<List<String>> raws = sign(hub);
    long start = System.nanoTime();
    parallel(
        raws,
        raw -> {
          String answer = chain.anvil().rpc("eth_sendRawTransaction", "[\"" + raw + "\"]");
          if (answer.contains("\"error\"")) {
            throw new IllegalStateException(answer);
          }
        });
    for (int s = 0; s < SENDERS; s++) {
      String hash = last(raws, s);
      Await.until(
          "raw " + hash + " mined", Duration.ofSeconds(120), () -> chain.receipt(hash) != null);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return SENDERS * PER_SENDER / seconds;
  }

  double relayed(String hub) throws Exception {
    List<List<String>> raws = sign(hub);
    List<String> ids = new ArrayList<>();
    for (List<String> list : raws) {
      for (String raw : list) {
        ids.add("raw:" + Hash.sha3(raw).toLowerCase(Locale.ROOT));
      }
    }
    long start = System.nanoTime();
    parallel(
        raws,
        raw -> {
          HttpResponse<String> response =
              http.send(
                  HttpRequest.newBuilder(URI.create(endpoint))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString("{\"raw\":\"" + raw + "\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() != 202) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
          }
        });
    chain.anvil().mine(1);
    Await.until(
        "all relayed transactions confirmed",
        Duration.ofSeconds(180),
        () -> {
          return confirmed(ids) == ids.size();
        });
    double seconds = (System.nanoTime() - start) / 1e9;
    return ids.size() / seconds;
  }

  long confirmed(List<String> ids) {
    try (Connection connection =
            DriverManager.getConnection(
                jdbcUrl,
                TestInfrastructure.get().postgres().user(),
                TestInfrastructure.get().postgres().password());
        PreparedStatement query =
            connection.prepareStatement(
                "select count(*) from relay_tx where status = 'CONFIRMED' and request_id = any(?)")) {
      query.setArray(1, connection.createArrayOf("varchar", ids.toArray()));
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    return sorted.get(sorted.size() / 2);
  }

  @Test
  void relayThroughput() throws Exception {
    try (Anvil anvil = Anvil.start(List.of())) {
      chain = new RelayTestChain(anvil);
      String hub = chain.deployHub();
      jdbcUrl = TestInfrastructure.get().postgres().createDatabase(NAME);
      Map<String, String> config = new HashMap<>(TestInfrastructure.get().vigilConfig());
      config.put("quarkus.datasource.jdbc.url", jdbcUrl);
      config.put("vigil.chain.rpc-urls", anvil.rpcUrl());
      config.put("vigil.chain.hub-address", hub);
      config.put("vigil.roles", "relay");
      config.put("vigil.relay.confirmations", "2");
      config.put("vigil.relay.track-interval", "100ms");
      config.put("mp.messaging.incoming.relay-tx-requests.topic", "vigil.tx-requests." + NAME);
      config.put("mp.messaging.incoming.relay-tx-requests.group.id", NAME);
      config.put("mp.messaging.outgoing.relay-tx-outcomes.topic", "vigil.tx-outcomes." + NAME);
      try (VigilProcess vigil = VigilProcess.start("relay-bench", config)) {
        endpoint = vigil.baseUrl() + "/v1/relay/transactions";
        measure(hub);
      }
    }
  }

  void measure(String hub) throws Exception {
    raw(hub); // warm-up
    relayed(hub);
    List<Double> raw = new ArrayList<>();
    List<Double> relayed = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      raw.add(raw(hub));
      relayed.add(relayed(hub));
    }
    double rawMedian = median(raw);
    double relayedMedian = median(relayed);
    double ratio = relayedMedian / rawMedian;
    BenchReport.section(
        "relay",
        String.format(
            Locale.ROOT,
            """
            ## Transaction relay: client transactions per second, API to confirmed

            %d client-signed hub `open` transactions per round (%d senders in parallel, nonces in
            order), on one anvil with automine, %d rounds, medians.

            | measure | tx/s (median) | rounds |
            |---|---|---|
            | relayed: POST /v1/relay/transactions (decode, checks, eth_call at pending, stored, \
            broadcast) until CONFIRMED (2 confirmations) | %.1f | %s |
            | limit: bare eth_sendRawTransaction until mined | %.1f | %s |
            | **ratio relayed / raw** | **%.0f%%** (target at least 50%%) | |
            """,
            SENDERS * PER_SENDER,
            SENDERS,
            ROUNDS,
            relayedMedian,
            fmt(relayed),
            rawMedian,
            fmt(raw),
            ratio * 100));
    assertThat(relayedMedian).isPositive();
  }

  static String fmt(List<Double> values) {
    return values.stream()
        .map(v -> String.format(Locale.ROOT, "%.1f", v))
        .reduce((a, b) -> a + ", " + b)
        .orElse("");
  }
}
