package io.vigil.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.SignedState;
import io.vigil.reliability.PostgresOutageIT.Lane;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.ProcessSettings;
import io.vigil.testsupport.RpcProxy;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import io.vigil.testsupport.contract.ChannelHub;
import io.vigil.watcher.Delegating;
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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * Two JSON-RPC endpoints in front of the same anvil, the first of which goes down, comes back 30
 * blocks behind, then answers every eth_getLogs with an error, then recovers; all while blocks are
 * mined, delegations arrive and a stale close waits for its dispute. The follower must fail over
 * and back, keep its cursor moving, never rest it on a block the chain does not have, never move it
 * back (there is no reorg here), and the stale close must be disputed exactly once in time.
 */
class RpcFaultsIT {

  static final int LAG = 30;
  static final String KEY_A = Anvil.DEV_KEYS.get(1);
  static final List<String> KEYS_B =
      List.of(Anvil.DEV_KEYS.get(2), Anvil.DEV_KEYS.get(3), Anvil.DEV_KEYS.get(4));
  static final String KEY_VICTIM = Anvil.DEV_KEYS.get(5);
  static final int STATES_PER_CHANNEL = 150;
  static final long PERIOD = 3_600;
  static final BigInteger BOUNTY = BigInteger.TEN.pow(17);
  static final Duration MINING_INTERVAL = Duration.ofMillis(200);

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  /** One reading of chain_cursor, and when it was taken (System.nanoTime). */
  record CursorSample(long at, long number, String hash) {}

  @Test
  void shouldKeepTheCursorOnTheChainAndDisputeOnceWhenAnEndpointFailsLagsAndRefusesLogs()
      throws Exception {
    long began = System.nanoTime();
    try (Anvil anvil = Anvil.start(List.of());
        HubFixture driver = HubFixture.deploy(anvil);
        RpcProxy first = RpcProxy.in(anvil.rpcUrl());
        RpcProxy second = RpcProxy.in(anvil.rpcUrl())) {
      Chain chain = new Chain(anvil);
      String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
      String jdbcUrl = TestInfrastructure.get().postgres().createDatabase("rpc_" + id);
      long startBlock = chain.head();

      List<Lane> lanes = lanes(driver);
      ChannelId victim =
          driver.open(KEY_A, KEY_VICTIM, HubFixture.ETHER, HubFixture.ETHER, PERIOD, BOUNTY);
      List<SignedState> victimStates =
          driver.payments(
              victim,
              HubFixture.ETHER,
              HubFixture.ETHER,
              BigInteger.TEN.pow(15),
              20,
              KEY_A,
              KEY_VICTIM);
      SignedState latest = victimStates.get(19);
      SignedState stale = victimStates.get(4);

      Map<String, String> config =
          config(jdbcUrl, "rf-" + id, first.url() + "," + second.url(), driver, startBlock);
      VigilProcess watcher =
          VigilProcess.launch("rpc-faults-watcher", with(config, "chain,watcher"));
      VigilProcess relay = VigilProcess.launch("rpc-faults-relay", with(config, "relay"));
      try (watcher;
          relay) {
        long launched = System.nanoTime();
        watcher.awaitReady(VigilProcess.STARTUP);
        relay.awaitReady(VigilProcess.STARTUP);
        Duration startup = Duration.ofNanos(System.nanoTime() - launched);
        Database database = new Database(jdbcUrl);
        Await.until(
            "the watcher to learn the channels",
            Duration.ofSeconds(60),
            () -> database.count("select count(*) from watcher_channel") == lanes.size() + 1);
        String victimBody =
            json.writeValueAsString(
                Delegating.body(
                    latest, driver.hunterAuthorization(victim, Delegating.HUNTER, KEY_VICTIM)));
        Await.until(
            "the watcher to accept the victim's delegation",
            Duration.ofSeconds(60),
            () -> post(watcher, victimBody) == 201);

        OutageLog log = new OutageLog();
        DelegationLoad load = new DelegationLoad(watcher, lanes, log);
        ConcurrentLinkedQueue<CursorSample> samples = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler =
            Thread.ofPlatform()
                .daemon()
                .name("cursor-sampler")
                .start(() -> sample(database, samples, running));
        AtomicBoolean mining = new AtomicBoolean(true);
        Thread miner = Thread.ofPlatform().daemon().name("miner").start(() -> mine(anvil, mining));
        Faults faults = new Faults();
        long closeDeadline;
        long closeBlock;
        List<long[]> phases = new ArrayList<>();
        long faultsStarted = 0;
        long faultsEnded = 0;
        try {
          load.start();
          pause(Duration.ofSeconds(2));
          faultsStarted = System.nanoTime();

          // 1. The first endpoint goes down: every call moves on to the second.
          long phase = System.nanoTime();
          double toSecond = failovers(watcher, 0, 1);
          long cursorBefore = cursor(samples);
          first.refuseConnections();
          faults.add("first endpoint refuses connections");
          Await.until(
              "the follower to fail over to the second endpoint",
              Duration.ofSeconds(20),
              () -> failovers(watcher, 0, 1) > toSecond && endpoint(watcher) == 1);
          awaitCursorPast(samples, cursorBefore + 10, "while the first endpoint is down");
          phases.add(new long[] {phase, System.nanoTime()});

          // 2. It comes back 30 blocks behind; a short outage of the second sends Vigil to it.
          phase = System.nanoTime();
          first.acceptConnections().lagBlocks(LAG);
          faults.add("first endpoint back, " + LAG + " blocks behind");
          double toFirst = failovers(watcher, 1, 0);
          second.refuseConnections();
          faults.add("second endpoint refuses connections (to send Vigil to the lagging one)");
          Await.until(
              "the follower to fail back to the lagging first endpoint",
              Duration.ofSeconds(20),
              () -> failovers(watcher, 1, 0) > toFirst && endpoint(watcher) == 0);
          second.acceptConnections();
          int laggingHeads = first.calls("eth_blockNumber");
          TransactionOutcome close = closeStale(driver, stale);
          closeDeadline = close.deadline();
          closeBlock = close.block();
          // The lagging endpoint reaches the close only after LAG more blocks.
          awaitCursorPast(samples, closeBlock, "on the lagging endpoint, past the stale close");
          assertThat(first.calls("eth_blockNumber"))
              .as("heads asked of the lagging endpoint")
              .isGreaterThan(laggingHeads);
          phases.add(new long[] {phase, System.nanoTime()});

          // 3. Caught up again, but every eth_getLogs is answered with an error.
          phase = System.nanoTime();
          double toSecondAgain = failovers(watcher, 0, 1);
          cursorBefore = cursor(samples);
          first.lagBlocks(0).answerError("eth_getLogs", -32603, "internal error");
          faults.add("first endpoint answers eth_getLogs with -32603");
          Await.until(
              "the follower to fail over when eth_getLogs fails",
              Duration.ofSeconds(20),
              () -> failovers(watcher, 0, 1) > toSecondAgain && endpoint(watcher) == 1);
          awaitCursorPast(samples, cursorBefore + 10, "after eth_getLogs errors");
          phases.add(new long[] {phase, System.nanoTime()});

          // 4. Everything recovers.
          first.behaveNormally();
          faultsEnded = System.nanoTime();
          pause(Duration.ofSeconds(2));
        } finally {
          mining.set(false);
          miner.join(5_000);
        }

        List<Log> disputes =
            Await.value(
                "the dispute of the stale close",
                Duration.ofSeconds(60),
                () -> {
                  List<Log> found = driver.logs(ChannelHub.DISPUTED_EVENT, victim);
                  return found.isEmpty() ? null : found;
                });
        anvil.mine(3);
        Await.until(
            "the cursor to rest on the canonical head",
            Duration.ofSeconds(30),
            () -> {
              CursorSample last = readCursor(database);
              long head = chain.head();
              return last != null
                  && last.number() == head
                  && last.hash().equalsIgnoreCase(chain.hash(head));
            });
        running.set(false);
        sampler.join(5_000);
        load.stop();

        // Disputed exactly once, with the latest state, before the deadline.
        List<Log> allDisputes = driver.logs(ChannelHub.DISPUTED_EVENT, victim);
        assertThat(allDisputes).as("disputes of the stale close").hasSize(1);
        var disputed = ChannelHub.getDisputedEventFromLog(disputes.get(0));
        assertThat(disputed.nonce.longValueExact()).isEqualTo(latest.state().nonce());
        assertThat(disputed.bountyTo).isEqualToIgnoringCase(Delegating.HUNTER);
        long disputeBlock = disputes.get(0).getBlockNumber().longValueExact();
        assertThat(chain.time(disputeBlock)).isLessThanOrEqualTo(closeDeadline);

        // The cursor: on the canonical chain at every sample, never moving back.
        List<CursorSample> seen = List.copyOf(samples);
        assertThat(seen).hasSizeGreaterThan(50);
        Map<Long, String> canonical = new HashMap<>();
        List<String> offChain = new ArrayList<>();
        List<String> backwards = new ArrayList<>();
        CursorSample previous = null;
        for (CursorSample sample : seen) {
          String hash = canonical.computeIfAbsent(sample.number(), chain::hash);
          if (!hash.equalsIgnoreCase(sample.hash())) {
            offChain.add(sample.number() + " " + sample.hash() + " (chain: " + hash + ")");
          }
          if (previous != null && sample.number() < previous.number()) {
            backwards.add(previous.number() + " -> " + sample.number());
          }
          previous = sample;
        }
        assertThat(offChain).as("cursor samples off the canonical chain").isEmpty();
        assertThat(backwards).as("cursor moves back without a reorg").isEmpty();
        assertThat(meter(watcher, "vigil_chain_reorgs_total"))
            .as("reorgs the follower believed it saw")
            .isZero();

        // The delegation load went on through the faults.
        List<OutageLog.Answer> answers = log.answers();
        long acknowledged = answers.stream().filter(OutageLog.Answer::acknowledged).count();
        for (long[] window : phases) {
          assertThat(
                  answers.stream()
                      .filter(a -> a.acknowledged() && a.answeredAt() >= window[0])
                      .filter(a -> a.answeredAt() <= window[1])
                      .count())
              .as("delegations acknowledged during a fault")
              .isPositive();
        }
        assertThat(answers.stream().filter(a -> a.status() == 500).map(Object::toString).toList())
            .as("delegations answered 500")
            .isEmpty();

        System.out.printf(
            "RPC faults: %d injected (%s); failovers 0->1: %.0f, 1->0: %.0f; faulted proxy"
                + " answers: %d; cursor samples checked: %d (blocks %d..%d); head %d; delegations"
                + " acknowledged: %d of %d answers; disputes: %d (block %d, deadline %d, block time"
                + " %d); phases %s s; faults %d s; process start %d s; run %d s%n",
            faults.count(),
            String.join("; ", faults.names()),
            failovers(watcher, 0, 1),
            failovers(watcher, 1, 0),
            first.faultedAnswers() + second.faultedAnswers(),
            seen.size(),
            seen.get(0).number(),
            seen.get(seen.size() - 1).number(),
            chain.head(),
            acknowledged,
            answers.size(),
            allDisputes.size(),
            disputeBlock,
            closeDeadline,
            chain.time(disputeBlock),
            phases.stream()
                .map(p -> String.format("%.1f", (p[1] - p[0]) / 1e9))
                .collect(java.util.stream.Collectors.joining("/")),
            Duration.ofNanos(faultsEnded - faultsStarted).toSeconds(),
            startup.toSeconds(),
            Duration.ofNanos(System.nanoTime() - began).toSeconds());
      }
    }
  }

  // ------------------------------------------------------------------------------------------

  /** The faults injected, in order. */
  private static final class Faults {
    private final List<String> names = new ArrayList<>();

    void add(String name) {
      names.add(name);
    }

    int count() {
      return names.size();
    }

    List<String> names() {
      return names;
    }
  }

  /** Where a transaction landed and the close deadline it set. */
  record TransactionOutcome(long block, long deadline) {}

  private static TransactionOutcome closeStale(HubFixture driver, SignedState stale) {
    var receipt = driver.close(KEY_A, stale);
    long deadline = ChannelHub.getCloseStartedEvents(receipt).get(0).deadline.longValueExact();
    return new TransactionOutcome(receipt.getBlockNumber().longValueExact(), deadline);
  }

  private List<Lane> lanes(HubFixture driver) throws Exception {
    List<Lane> lanes = new ArrayList<>();
    for (String keyB : KEYS_B) {
      ChannelId id = driver.open(KEY_A, keyB, HubFixture.ETHER, HubFixture.ETHER, 3_600, BOUNTY);
      List<SignedState> states =
          driver.payments(
              id,
              HubFixture.ETHER,
              HubFixture.ETHER,
              BigInteger.TEN.pow(12),
              STATES_PER_CHANNEL,
              KEY_A,
              keyB);
      String authorization = driver.hunterAuthorization(id, Delegating.HUNTER, keyB);
      List<String> bodies = new ArrayList<>();
      for (SignedState state : states) {
        bodies.add(json.writeValueAsString(Delegating.body(state, authorization)));
      }
      lanes.add(new Lane(id, keyB, bodies));
    }
    return lanes;
  }

  private static Map<String, String> with(Map<String, String> config, String roles) {
    Map<String, String> all = new HashMap<>(config);
    all.put("vigil.roles", roles);
    return all;
  }

  private static Map<String, String> config(
      String jdbcUrl, String topics, String rpcUrls, HubFixture driver, long startBlock) {
    return ProcessSettings.empty()
        .shared(jdbcUrl)
        .chain(rpcUrls, driver.hub().hex(), startBlock)
        .watchtower(Delegating.HUNTER, Anvil.DEV_KEYS.get(8))
        .quickLoops()
        .set("vigil.watcher.rate-per-second", "1000")
        .set("vigil.watcher.rate-burst", "1000")
        .topics(topics)
        .map();
  }

  private static void sample(
      Database database, ConcurrentLinkedQueue<CursorSample> samples, AtomicBoolean running) {
    while (running.get()) {
      try {
        CursorSample sample = readCursor(database);
        if (sample != null) {
          samples.add(sample);
        }
      } catch (RuntimeException busy) {
        // a slow read only loses one sample
      }
      pause(Duration.ofMillis(100));
    }
  }

  private static CursorSample readCursor(Database database) {
    return database.cursor();
  }

  private static void mine(Anvil anvil, AtomicBoolean mining) {
    while (mining.get()) {
      try {
        anvil.mine(1);
      } catch (RuntimeException busy) {
        // the next block comes with the next round
      }
      pause(MINING_INTERVAL);
    }
  }

  /** The newest sampled cursor number, or -1 before the first sample. */
  private static long cursor(ConcurrentLinkedQueue<CursorSample> samples) {
    return samples.stream().mapToLong(CursorSample::number).max().orElse(-1);
  }

  private static void awaitCursorPast(
      ConcurrentLinkedQueue<CursorSample> samples, long number, String when) {
    Await.until(
        "the cursor to reach block " + number + " " + when,
        Duration.ofSeconds(30),
        () -> cursor(samples) >= number);
  }

  private static double failovers(VigilProcess vigil, int from, int to) {
    return vigil.metric(
        "vigil_chain_rpc_failovers_total", "from=\"" + from + "\"", "to=\"" + to + "\"");
  }

  private static double endpoint(VigilProcess vigil) {
    return meter(vigil, "vigil_chain_rpc_endpoint");
  }

  /** Sum of a meter's samples, with or without labels (0 when absent). */
  private static double meter(VigilProcess vigil, String name) {
    Matcher line =
        Pattern.compile("^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE)
            .matcher(vigil.getManagement("/q/metrics").body());
    double total = 0;
    while (line.find()) {
      total += Double.parseDouble(line.group(1));
    }
    return total;
  }

  private int post(VigilProcess vigil, String body) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(vigil.baseUrl() + "/v1/watcher/delegations"))
                  .timeout(Duration.ofSeconds(15))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (java.io.IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The anvil as the test sees it, straight, not through a proxy. */
  private record Chain(Anvil anvil) {

    long head() {
      return number(anvil.rpc("eth_blockNumber", "[]"), "result");
    }

    String hash(long number) {
      return block(number).replaceAll(".*\"hash\":\"(0x[0-9a-fA-F]{64})\".*", "$1");
    }

    long time(long number) {
      return number(block(number), "timestamp");
    }

    private String block(long number) {
      return anvil.rpc("eth_getBlockByNumber", "[\"0x" + Long.toHexString(number) + "\", false]");
    }

    private static long number(String answer, String field) {
      return Long.parseLong(
          answer.replaceAll(".*\"" + field + "\":\"0x([0-9a-fA-F]+)\".*", "$1"), 16);
    }
  }

  /** This test's own database, read with plain JDBC. */
  private record Database(String jdbcUrl) {

    long count(String sql) {
      try (Connection connection = connect();
          PreparedStatement statement = connection.prepareStatement(sql);
          ResultSet result = statement.executeQuery()) {
        return result.next() ? result.getLong(1) : -1;
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    CursorSample cursor() {
      try (Connection connection = connect();
          PreparedStatement statement =
              connection.prepareStatement("select number, hash from chain_cursor");
          ResultSet result = statement.executeQuery()) {
        if (!result.next()) {
          return null;
        }
        return new CursorSample(
            System.nanoTime(), result.getLong(1), Numeric.toHexString(result.getBytes(2)));
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    private Connection connect() throws SQLException {
      var postgres = TestInfrastructure.get().postgres();
      return DriverManager.getConnection(jdbcUrl, postgres.user(), postgres.password());
    }
  }
}
