package io.vigil.bench;

import static io.vigil.watcher.Delegating.HUNTER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.HunterAuthorization;
import io.vigil.core.channel.SignedState;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Eip712;
import io.vigil.core.crypto.PrivateKey;
import io.vigil.core.crypto.Signature;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.Await;
import io.vigil.testsupport.HubFixture;
import io.vigil.testsupport.KafkaBroker;
import io.vigil.testsupport.ProcessSettings;
import io.vigil.testsupport.TestAuth;
import io.vigil.testsupport.TestData;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import io.vigil.testsupport.contract.ChannelHub;
import io.vigil.watcher.Delegating;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The watchtower's speed and size, each next to its limit measured in the same run: state intake
 * against native signature recovery, reaction to a stale close, and bytes per watched channel.
 *
 * <p>Vigil runs in a JVM of its own ({@link VigilProcess}, roles chain, watcher and relay); the
 * load clients, the Kafka broker and the control of anvil stay in the bench JVM. Each of the {@link
 * #RUNS} runs starts from nothing: a fresh anvil with the hub deployed again, a fresh database,
 * fresh Kafka topics and a fresh Vigil process, so a run's figures do not lean on an earlier run's
 * compiled code, caches or tables, and the spread between runs is the spread a restart sees.
 */
class WatchtowerBench {

  /** Runs in one invocation; every headline figure is their median, with min and max. */
  static final int RUNS = Integer.getInteger("watchtower-bench.runs", 3);

  /** Rounds of each intake measure in a run; the run's figure is their median. */
  static final int ROUNDS = 5;

  static final int BATCH = 64;

  /**
   * New channels per batched round ({@code watchtower-bench.round-size}, for a short trial run):
   * before the rounds come two fifths of it uncounted and five eighths of it one per request, and
   * every update round covers all of them.
   */
  static final int ROUND_SIZE = Integer.getInteger("watchtower-bench.round-size", 3_200);

  static final int NEW_WARM_UP = ROUND_SIZE * 2 / 5;
  static final int SINGLE = ROUND_SIZE * 5 / 8;
  static final int CHANNELS = NEW_WARM_UP + SINGLE + ROUNDS * ROUND_SIZE;

  /** Batch requests the clients keep open at once. */
  static final int BATCHES_IN_FLIGHT = 8;

  /**
   * Update rounds over every channel before the measured ones, uncounted, in each run: the fresh
   * process compiles the update path (another one than new channels) meanwhile. The report lists
   * each run's warm-up rates, so whether they were enough can be read there.
   */
  static final int UPDATE_WARM_UPS = Integer.getInteger("watchtower-bench.warm-ups", 12);

  /** Stale closes measured per run. */
  static final int CLOSES = Integer.getInteger("watchtower-bench.closes", 100);

  /**
   * Stale closes before the measured ones in each run, uncounted: the first dispute of a fresh
   * process loads and compiles the whole dispute path (Kafka consumers, the relay's carrier).
   */
  static final int CLOSE_WARM_UPS = 10;

  /** The head poll interval: only the fallback here, since new heads are pushed. */
  static final Duration POLL_FALLBACK = Duration.ofSeconds(1);

  static final double TARGET_UPDATES_PER_SECOND = 5_000;
  static final double TARGET_UPDATES_SHARE = 0.50;
  static final double TARGET_REACTION_MEDIAN_MILLIS = 50;
  static final double TARGET_REACTION_P99_MILLIS = 150;
  static final int STORAGE_TARGET_BYTES = 1_024;

  private final ObjectMapper json = new ObjectMapper();

  /** One run's state intake, and the recovery limit measured in the bench JVM around it. */
  record Intake(
      double[] recoveryBefore,
      double[] recoveryAfter,
      double[] updateRates,
      double[] warmUpRates,
      double[] newRates,
      double singleRate,
      double inPlace,
      double cpuMillisPerThousandUpdates,
      long heapBefore,
      long heapAfter) {

    /** Native recoveries per second on every core: the higher of before and after. */
    double recoveryAllCores() {
      return Math.max(recoveryBefore[1], recoveryAfter[1]);
    }

    double recoveryOneThread() {
      return Math.max(recoveryBefore[0], recoveryAfter[0]);
    }

    double limitTwo() {
      return recoveryAllCores() / 2;
    }

    double updateRate() {
      return median(updateRates);
    }

    double updateShare() {
      return updateRate() / limitTwo();
    }

    double newRate() {
      return median(newRates);
    }

    double newShare() {
      return newRate() / (recoveryAllCores() / 3);
    }

    /** The median of the last three warm-up rounds over the measured median (NaN: none). */
    double warmUpTail() {
      if (warmUpRates.length == 0) {
        return Double.NaN;
      }
      double[] tail =
          Arrays.copyOfRange(warmUpRates, Math.max(0, warmUpRates.length - 3), warmUpRates.length);
      return median(tail) / updateRate();
    }

    boolean passed() {
      return updateRate() >= TARGET_UPDATES_PER_SECOND && updateShare() >= TARGET_UPDATES_SHARE;
    }
  }

  /**
   * One run's reactions, in milliseconds from the close's block being mined; {@code steps} holds,
   * per step of the dispute path, when each close reached it (NaN where it could not be read).
   */
  record Reaction(double[] millis, Map<String, double[]> steps, double headsPushed, long blocks) {

    double percentile(double q) {
      double[] sorted = millis.clone();
      Arrays.sort(sorted);
      return sorted[(int) Math.ceil(sorted.length * q) - 1];
    }

    double medianMillis() {
      return median(millis);
    }

    double max() {
      return Arrays.stream(millis).max().orElseThrow();
    }

    boolean passed() {
      return percentile(0.99) < TARGET_REACTION_P99_MILLIS
          && medianMillis() < TARGET_REACTION_MEDIAN_MILLIS;
    }
  }

  /** Storage of one watched channel, in bytes. */
  record Storage(long state, long channel) {
    long total() {
      return state + channel;
    }
  }

  @Test
  void measure() throws Exception {
    assertThat(RUNS).as("watchtower-bench.runs").isGreaterThanOrEqualTo(1);
    warmBroker();
    List<Intake> intakes = new ArrayList<>();
    List<Reaction> reactions = new ArrayList<>();
    String lastDatabase = null;
    for (int run = 1; run <= RUNS; run++) {
      try (Stack stack = Stack.start(run)) {
        intakes.add(intake(stack));
        reactions.add(reaction(stack));
        lastDatabase = stack.jdbcUrl();
      }
      System.out.printf(
          Locale.ROOT,
          "WATCHTOWER-BENCH run %d: updates %.0f/s (%.1f %% of the limit), reaction median %.0f"
              + " ms p99 %.0f ms%n",
          run,
          intakes.getLast().updateRate(),
          100 * intakes.getLast().updateShare(),
          reactions.getLast().medianMillis(),
          reactions.getLast().percentile(0.99));
    }
    Storage storage = storage(lastDatabase);
    BenchReport.section("watchtower", report(intakes, reactions, storage));
  }

  /** Records sent one at a time through the broker before the runs, see {@link #warmBroker}. */
  static final int BROKER_WARM_UPS = 20_000;

  /**
   * Sends {@link #BROKER_WARM_UPS} records one at a time through the bench JVM's broker and reads
   * them back, before the first run. The broker stands for a Kafka cluster that has been running
   * for a long time; started fresh for the bench, its append and fetch paths still run unoptimised
   * code, which a few hundred dispute records never change (a record took about 6 ms from send to a
   * consumer on a fresh broker, about 2 ms on one warmed this way).
   */
  private static void warmBroker() {
    String servers = TestInfrastructure.get().kafka().bootstrapServers();
    String topic = "bench-broker-warm-up-" + UUID.randomUUID();
    int read = 0;
    try (KafkaProducer<String, String> producer = KafkaBroker.producer(servers);
        KafkaConsumer<String, String> reader =
            KafkaBroker.readerFromStart(servers, "bench-warm-up-", topic)) {
      for (int i = 0; i < BROKER_WARM_UPS; i++) {
        producer.send(new ProducerRecord<>(topic, Integer.toString(i % 16), "warm-up " + i));
        producer.flush();
        if (i % 10 == 9) {
          read += reader.poll(Duration.ZERO).count();
        }
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (read < BROKER_WARM_UPS && System.nanoTime() < deadline) {
        read += reader.poll(Duration.ofMillis(200)).count();
      }
    }
    assertThat(read).as("warm-up records read back from the broker").isEqualTo(BROKER_WARM_UPS);
  }

  /**
   * The bench's exceptions to the defaults: its channels have an hour's challenge period and small
   * balances, and its 50 clients send every state of the run, so the per-client limits are out of
   * the way.
   */
  static ProcessSettings openedUp(ProcessSettings settings) {
    return settings
        .set("vigil.watcher.policy.min-challenge-period", "1s")
        .set("vigil.watcher.policy.min-value-at-stake", "0")
        .set("vigil.watcher.max-channels-per-client", "10000000")
        .set("vigil.watcher.rate-per-second", "1000000")
        .set("vigil.watcher.rate-burst", "1000000")
        .set("vigil.watcher.max-pending-states", "10000000")
        .set("quarkus.log.category.\"io.vigil\".level", "WARN");
  }

  /**
   * One run's world: a fresh anvil with the hub, a fresh database and topics, and the Vigil process
   * (chain, watcher and relay) pointed at them, with heads pushed over anvil's WebSocket endpoint.
   */
  record Stack(
      int run,
      Anvil anvil,
      HubFixture driver,
      String jdbcUrl,
      String topics,
      VigilProcess vigil,
      HeadWatch heads)
      implements AutoCloseable {

    static Stack start(int run) {
      Anvil anvil = Anvil.start(List.of());
      try {
        HubFixture driver = HubFixture.deploy(anvil);
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String name = "wt_bench_" + id;
        var infrastructure = TestInfrastructure.get();
        String jdbcUrl = infrastructure.postgres().createDatabase(name);
        Map<String, String> config =
            ProcessSettings.roles("chain,watcher,relay")
                .shared(jdbcUrl)
                .chain(anvil.rpcUrl(), driver.hub().hex(), blockNumber(anvil))
                .set("vigil.chain.ws-urls", anvil.wsUrl())
                .set("vigil.chain.monitor.poll-interval", POLL_FALLBACK.toMillis() + "ms")
                .watchtower(HUNTER, Anvil.DEV_KEYS.get(8))
                .with(WatchtowerBench::openedUp)
                .topics(name)
                .map();
        VigilProcess vigil = VigilProcess.start("watchtower-bench-" + run, config);
        try {
          return new Stack(run, anvil, driver, jdbcUrl, name, vigil, HeadWatch.subscribe(anvil));
        } catch (RuntimeException failed) {
          vigil.close();
          throw failed;
        }
      } catch (RuntimeException failed) {
        anvil.close();
        throw failed;
      }
    }

    Connection connect() throws java.sql.SQLException {
      var postgres = TestInfrastructure.get().postgres();
      return DriverManager.getConnection(jdbcUrl, postgres.user(), postgres.password());
    }

    String url(String path) {
      return vigil.baseUrl() + path;
    }

    @Override
    public void close() {
      heads.close();
      vigil.close();
      driver.close();
      anvil.close();
    }
  }

  /** Builds the delegation body of channel {@code index} at {@code nonce}. */
  private interface Bodies {
    Map<String, Object> delegation(int index, long nonce);
  }

  private Intake intake(Stack stack) throws Exception {
    Eip712 eip712 = Eip712.forHub(Anvil.CHAIN_ID, stack.driver().hub());
    TestData data = new TestData(42);
    PrivateKey keyA = data.privateKey();
    int clients = 50;
    List<PrivateKey> keysB = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      keysB.add(data.privateKey());
    }
    int warmUp = NEW_WARM_UP;
    int single = SINGLE;
    int perRound = ROUND_SIZE;
    int channels = CHANNELS;
    List<ChannelId> ids = new ArrayList<>(channels);
    List<String> authorizations = new ArrayList<>(channels);
    for (int i = 0; i < channels; i++) {
      ChannelId id = data.channelId();
      ids.add(id);
      authorizations.add(
          eip712
              .signHunterAuthorization(
                  HunterAuthorization.of(id, Address.of(HUNTER)), keysB.get(i % clients))
              .hex());
    }
    openOnChain(stack, ids, keyA, keysB);
    // nonce 1 starts each channel's watch; nonces 2.. are the updates clients send afterwards
    Bodies bodies =
        (i, nonce) -> {
          SignedState signed =
              eip712.coSign(
                  ChannelState.of(
                      ids.get(i),
                      nonce,
                      BigInteger.valueOf(1000 - nonce),
                      BigInteger.valueOf(nonce)),
                  keyA,
                  keysB.get(i % clients));
          return Delegating.body(signed, authorizations.get(i));
        };

    byte[] digest =
        eip712.stateDigest(
            ChannelState.of(ChannelId.of(new byte[32]), 1, BigInteger.ONE, BigInteger.ZERO));
    Signature signature = eip712.engine().sign(digest, keyA);
    double[] recoveryBefore = recoveryRates(eip712, digest, signature);

    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4))
            .build();
    URI one = URI.create(stack.url("/v1/watcher/delegations"));
    URI batch = URI.create(stack.url("/v1/watcher/delegations/batch"));

    // Warm-up: new channels through both endpoints.
    send(http, batch, batches(bodies, 0, warmUp / 2, 1), 4);
    send(http, one, singles(bodies, warmUp / 2, warmUp, 1), 16);
    long heapBefore = heapAfterGc(stack.vigil());

    List<String> singleBodies = singles(bodies, warmUp, warmUp + single, 1);
    long start = System.nanoTime();
    assertThat(send(http, one, singleBodies, 16)).isEqualTo(single);
    double singleRate = single / seconds(start);

    double[] newRates = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      int from = warmUp + single + r * perRound;
      List<String> round = batches(bodies, from, from + perRound, 1);
      start = System.nanoTime();
      assertThat(send(http, batch, round, BATCHES_IN_FLIGHT)).isEqualTo(perRound);
      newRates[r] = perRound / seconds(start);
    }
    long heapAfter = heapAfterGc(stack.vigil());

    // Each round's bodies are built before the round starts, outside its measured time.
    double[] updateRates = new double[ROUNDS];
    double[] warmUpRates = new double[UPDATE_WARM_UPS];
    long measuredTicks = 0;
    for (int r = -UPDATE_WARM_UPS; r < ROUNDS; r++) {
      List<String> round = batches(bodies, 0, channels, 2 + UPDATE_WARM_UPS + r);
      long ticks = ticks(stack.vigil().pid());
      start = System.nanoTime();
      assertThat(send(http, batch, round, BATCHES_IN_FLIGHT)).isEqualTo(channels);
      double rate = channels / seconds(start);
      if (r >= 0) {
        updateRates[r] = rate;
        measuredTicks += ticks(stack.vigil().pid()) - ticks;
      } else {
        warmUpRates[UPDATE_WARM_UPS + r] = rate;
      }
    }
    double[] recoveryAfter = recoveryRates(eip712, digest, signature);
    double cpuMillisPerThousand = measuredTicks * 10.0 / (ROUNDS * channels / 1000.0);
    http.close();
    return new Intake(
        recoveryBefore,
        recoveryAfter,
        updateRates,
        warmUpRates,
        newRates,
        singleRate,
        inPlaceShare(stack),
        cpuMillisPerThousand,
        heapBefore,
        heapAfter);
  }

  /** The share of watcher_state updates PostgreSQL kept on the row's own page (heap-only). */
  private static double inPlaceShare(Stack stack) throws Exception {
    try (Connection connection = stack.connect();
        Statement sql = connection.createStatement();
        ResultSet counts =
            sql.executeQuery(
                "select n_tup_upd, n_tup_hot_upd from pg_stat_user_tables where relname ="
                    + " 'watcher_state'")) {
      counts.next();
      return counts.getLong(1) == 0 ? 0 : (double) counts.getLong(2) / counts.getLong(1);
    }
  }

  /**
   * The Vigil process's heap in use right after a full collection it was asked for ({@code jcmd
   * GC.run}), from its metrics; -1 when it could not be read.
   */
  private static long heapAfterGc(VigilProcess vigil) {
    try {
      Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
      Process jcmd =
          new ProcessBuilder(
                  java.resolveSibling("jcmd").toString(), String.valueOf(vigil.pid()), "GC.run")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
        return -1;
      }
      return (long) meter(vigil, "jvm_memory_used_bytes", "area=\"heap\"");
    } catch (IOException | InterruptedException | RuntimeException unreadable) {
      return -1;
    }
  }

  /**
   * Records every bench channel as open on chain, as the chain follower would once it saw them
   * opened: the watcher then checks each state against the channel's parties and deposits, and
   * holds it without an expiry, as it does for the channels it really watches. (Opening 19,000
   * channels on anvil would take longer than the whole bench.)
   */
  private static void openOnChain(
      Stack stack, List<ChannelId> ids, PrivateKey keyA, List<PrivateKey> keysB) throws Exception {
    try (Connection connection = stack.connect();
        PreparedStatement insert =
            connection.prepareStatement(
                "insert into watcher_channel (channel_id, party_a, party_b, total, bounty, status,"
                    + " opened_block) values (?, ?, ?, 1000000000000000000, 0, 'OPEN', ?)")) {
      byte[] block = new byte[32];
      for (int i = 0; i < ids.size(); i++) {
        insert.setBytes(1, ids.get(i).toBytes());
        insert.setBytes(2, keyA.address().toBytes());
        insert.setBytes(3, keysB.get(i % keysB.size()).address().toBytes());
        insert.setBytes(4, block);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Bare native recoveries per second: on one thread, then on every core. */
  private static double[] recoveryRates(Eip712 eip712, byte[] digest, Signature signature)
      throws Exception {
    int recoveries = 40_000;
    for (int i = 0; i < 5_000; i++) {
      eip712.recover(digest, signature);
    }
    long start = System.nanoTime();
    for (int i = 0; i < recoveries; i++) {
      eip712.recover(digest, signature);
    }
    double oneThread = recoveries / seconds(start);
    int cores = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(cores);
    start = System.nanoTime();
    List<Future<?>> parallel = new ArrayList<>();
    for (int t = 0; t < cores; t++) {
      parallel.add(
          pool.submit(
              () -> {
                for (int i = 0; i < recoveries / cores; i++) {
                  eip712.recover(digest, signature);
                }
              }));
    }
    for (Future<?> f : parallel) {
      f.get();
    }
    double allCores = recoveries / seconds(start);
    pool.shutdown();
    return new double[] {oneThread, allCores};
  }

  /** One body per delegation of channels [from, to) at this nonce. */
  private List<String> singles(Bodies bodies, int from, int to, long nonce) throws Exception {
    List<String> all = new ArrayList<>();
    for (int i = from; i < to; i++) {
      all.add(json.writeValueAsString(bodies.delegation(i, nonce)));
    }
    return all;
  }

  /** Batch bodies of {@link #BATCH} delegations covering channels [from, to) at this nonce. */
  private List<String> batches(Bodies bodies, int from, int to, long nonce) {
    int count = (to - from + BATCH - 1) / BATCH;
    return IntStream.range(0, count)
        .parallel()
        .mapToObj(
            b -> {
              List<Map<String, Object>> items = new ArrayList<>();
              for (int j = from + b * BATCH; j < Math.min(to, from + (b + 1) * BATCH); j++) {
                items.add(bodies.delegation(j, nonce));
              }
              try {
                return json.writeValueAsString(Map.of("delegations", items));
              } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
                throw new IllegalStateException(impossible);
              }
            })
        .toList();
  }

  /** Posts each body, {@code inFlight} at a time; returns the states accepted as new. */
  private int send(HttpClient http, URI uri, List<String> bodies, int inFlight) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(inFlight);
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < inFlight; w++) {
      running.add(
          workers.submit(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < bodies.size()) {
                  HttpRequest request =
                      HttpRequest.newBuilder(uri)
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i)))
                          .build();
                  HttpResponse<String> response =
                      http.send(request, HttpResponse.BodyHandlers.ofString());
                  if (response.statusCode() == 201) {
                    ok.incrementAndGet();
                  } else if (response.statusCode() == 200 && uri.getPath().endsWith("/batch")) {
                    for (var result : json.readTree(response.body()).get("results")) {
                      if (result.get("status").asInt() != 201) {
                        throw new IllegalStateException("refused in a batch: " + result);
                      }
                      ok.incrementAndGet();
                    }
                  } else {
                    throw new IllegalStateException(response.statusCode() + " " + response.body());
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    workers.shutdown();
    return ok.get();
  }

  /** The steps of the dispute path, in order, as the report names them. */
  static final List<String> STEPS =
      List.of(
          "head pushed by anvil (to a subscriber in the bench JVM)",
          "follower sent the close to Kafka (the record's timestamp, whole ms)",
          "follower stored the block (read it, published its events, Kafka acknowledged)",
          "watcher began applying the close (Kafka hop chain → watcher)",
          "watcher sent the request to Kafka (the record's timestamp, whole ms)",
          "watcher marked the request published (after Kafka's acknowledgement reached it;"
              + " off the path: the relay can have the request sooner)",
          "relay stored the request (Kafka hop watcher → relay)",
          "relay checked it (the carrier's pass began, then one JSON-RPC batch: fee market,"
              + " nonce, eth_call, gas estimate)",
          "send to the node started (signed, attempt stored)",
          "node answered the send",
          "dispute pushed as pending to the bench (the measured figure)");

  private Reaction reaction(Stack stack) throws Exception {
    String keyA = Anvil.DEV_KEYS.get(5);
    String keyB = Anvil.DEV_KEYS.get(6);
    String closer = HubFixture.address(keyA);
    int total = CLOSE_WARM_UPS + CLOSES;
    HubFixture driver = stack.driver();
    List<ChannelId> ids = new ArrayList<>();
    List<SignedState> stale = new ArrayList<>();
    List<Map<String, Object>> delegations = new ArrayList<>();
    for (int r = 0; r < total; r++) {
      ChannelId id =
          driver.open(keyA, keyB, HubFixture.ETHER, BigInteger.ZERO, 3600, BigInteger.ZERO);
      List<SignedState> states =
          driver.payments(
              id, HubFixture.ETHER, BigInteger.ZERO, BigInteger.TEN.pow(15), 3, keyA, keyB);
      ids.add(id);
      stale.add(states.get(0));
      delegations.add(Delegating.body(states.get(2), driver.hunterAuthorization(id, HUNTER, keyB)));
    }
    HttpClient http = HttpClient.newHttpClient();
    URI batch = URI.create(stack.url("/v1/watcher/delegations/batch"));
    for (int from = 0; from < total; from += BATCH) {
      String body =
          json.writeValueAsString(
              Map.of("delegations", delegations.subList(from, Math.min(total, from + BATCH))));
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(batch)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
    }
    for (ChannelId id : ids) {
      Await.until(
          "the watcher to see the channel open and hold its state",
          Duration.ofSeconds(60),
          () -> watchedOpen(stack, http, id));
    }
    Await.until(
        "heads by push (log: target/processes)",
        Duration.ofSeconds(30),
        () -> meter(stack.vigil(), "vigil_chain_head_push") == 1);
    double pushedBefore = meter(stack.vigil(), "vigil_chain_heads_pushed_total");
    double[] millis = new double[CLOSES];
    Map<String, double[]> steps = new LinkedHashMap<>();
    STEPS.forEach(step -> steps.put(step, new double[CLOSES]));
    Instant[] minedAts = new Instant[CLOSES];
    long blocks = 0;
    // Blocks are mined by hand from here on, so "in the pool" is observable on its own.
    stack.anvil().setAutomine(false);
    try {
      for (int r = 0; r < total; r++) {
        ChannelId id = ids.get(r);
        SignedState old = stale.get(r);
        long hunterNonce = pendingNonce(stack.anvil(), HUNTER);
        long closerNonce = pendingNonce(stack.anvil(), closer);
        var closing =
            driver
                .as(keyA)
                .close(
                    HubFixture.toContract(old.state()),
                    old.signatureA().toBytes(),
                    old.signatureB().toBytes())
                .sendAsync();
        Await.until(
            "the stale close in the pool",
            Duration.ofSeconds(10),
            () -> pendingNonce(stack.anvil(), closer) > closerNonce);
        stack.heads().clearPending();
        stack.anvil().mine(1);
        long mined = System.nanoTime();
        Instant minedAt = Instant.now();
        double took = (disputePushed(stack, hunterNonce, mined) - mined) / 1e6;
        long closeBlock = blockNumber(stack.anvil());
        Instant stored = cursorStored(stack, closeBlock);
        stack.anvil().mine(1);
        blocks += 2;
        closing.get(30, TimeUnit.SECONDS);
        // Read after the next block: the relay logs a send once the node has answered it.
        double[] reached = steps(stack, id, closeBlock, minedAt, stored);
        assertThat(driver.logs(ChannelHub.DISPUTED_EVENT, id))
            .as("the dispute landed in the block after the close")
            .isNotEmpty();
        if (r >= CLOSE_WARM_UPS) {
          int measured = r - CLOSE_WARM_UPS;
          millis[measured] = took;
          minedAts[measured] = minedAt;
          for (int s = 0; s < STEPS.size() - 1; s++) {
            steps.get(STEPS.get(s))[measured] = reached[s];
          }
          steps.get(STEPS.getLast())[measured] = took;
        }
      }
    } finally {
      stack.anvil().setAutomine(true);
    }
    double pushed = meter(stack.vigil(), "vigil_chain_heads_pushed_total") - pushedBefore;
    http.close();
    List<ChannelId> measuredIds = ids.subList(CLOSE_WARM_UPS, total);
    sentSteps(
        stack.topics() + ".channel-events",
        "CloseStarted",
        "type",
        measuredIds,
        minedAts,
        steps.get(STEPS.get(CLOSE_SENT_STEP)));
    sentSteps(
        stack.topics() + ".tx-requests",
        "DISPUTE",
        "purpose",
        measuredIds,
        minedAts,
        steps.get(STEPS.get(REQUEST_SENT_STEP)));
    return new Reaction(millis, steps, pushed, blocks);
  }

  /**
   * Fills {@code into} with when each measured channel's first record of {@code kind} (its field
   * {@code kindField}) reached {@code topic}, by the record's timestamp (set by the producer when
   * it sent), in milliseconds after that close was mined.
   */
  private static void sentSteps(
      String topic,
      String kind,
      String kindField,
      List<ChannelId> channels,
      Instant[] minedAts,
      double[] into) {
    Arrays.fill(into, Double.NaN);
    Map<String, Long> sent = new HashMap<>();
    ObjectMapper json = new ObjectMapper();
    String servers = TestInfrastructure.get().kafka().bootstrapServers();
    try (KafkaConsumer<String, String> consumer =
        KafkaBroker.readerFromStart(servers, "bench-reader-", topic)) {
      int emptyPolls = 0;
      while (emptyPolls < 3) {
        var records = consumer.poll(Duration.ofMillis(500));
        emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
        for (ConsumerRecord<String, String> record : records) {
          JsonNode value = json.readTree(record.value());
          if (kind.equals(value.path(kindField).asText())) {
            sent.merge(
                value.path("channelId").asText().toLowerCase(Locale.ROOT),
                record.timestamp(),
                Math::min);
          }
        }
      }
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
    for (int i = 0; i < channels.size(); i++) {
      Long at = sent.get(channels.get(i).hex().toLowerCase(Locale.ROOT));
      if (at != null && minedAts[i] != null) {
        into[i] = millisBetween(minedAts[i], Instant.ofEpochMilli(at));
      }
    }
  }

  /**
   * When the close of {@code channel}, mined in {@code closeBlock} at {@code minedAt}, reached each
   * step before the pool, in milliseconds after {@code minedAt}: from the bench's own head
   * subscription and the timestamps the process writes in its database (PostgreSQL's {@code now()}
   * is its transaction's start; every process here shares the machine's clock).
   */
  /** The step each column of the query in {@link #steps} gives, by its index in {@link #STEPS}. */
  private static final int[] COLUMN_STEPS = {3, 5, 6, 7, 8, 9};

  /** The steps read from the records' timestamps on the topics, by index in {@link #STEPS}. */
  private static final int CLOSE_SENT_STEP = 1;

  private static final int REQUEST_SENT_STEP = 4;

  private static double[] steps(
      Stack stack, ChannelId channel, long closeBlock, Instant minedAt, Instant stored)
      throws Exception {
    double[] reached = new double[STEPS.size() - 1];
    Arrays.fill(reached, Double.NaN);
    Instant pushed = stack.heads().arrival(closeBlock);
    if (pushed != null) {
      reached[0] = millisBetween(minedAt, pushed);
    }
    if (stored != null) {
      reached[2] = millisBetween(minedAt, stored);
    }
    try (Connection connection = stack.connect()) {
      try (PreparedStatement query =
          connection.prepareStatement(
              "select w.created_at, w.updated_at, r.created_at, a.created_at, s.started_at,"
                  + " s.finished_at from watcher_request w"
                  + " left join relay_tx r on r.request_id = w.request_id"
                  + " left join relay_attempt a on a.tx_hash = r.tx_hash"
                  + " left join relay_send_log s on s.tx_hash = r.tx_hash"
                  + " where w.channel_id = ? and w.purpose = 'DISPUTE'"
                  + " order by w.created_at, s.started_at limit 1")) {
        query.setBytes(1, channel.toBytes());
        try (ResultSet row = query.executeQuery()) {
          if (row.next()) {
            for (int column = 1; column <= 6; column++) {
              Instant at = instant(row, column);
              if (at != null) {
                reached[COLUMN_STEPS[column - 1]] = millisBetween(minedAt, at);
              }
            }
          }
        }
      }
    }
    return reached;
  }

  /**
   * When the follower stored {@code closeBlock} as its cursor; null when the cursor is elsewhere.
   * Read before the next block is mined, which moves the cursor on.
   */
  private static Instant cursorStored(Stack stack, long closeBlock) throws Exception {
    try (Connection connection = stack.connect();
        Statement sql = connection.createStatement();
        ResultSet cursor = sql.executeQuery("select number, updated_at from chain_cursor")) {
      return cursor.next() && cursor.getLong(1) == closeBlock ? instant(cursor, 2) : null;
    }
  }

  /**
   * A meter's value from the process's metrics, summed over the samples whose labels contain every
   * fragment; a meter without labels has one sample.
   */
  static double meter(VigilProcess vigil, String name, String... labelFragments) {
    java.util.regex.Matcher lines =
        java.util.regex.Pattern.compile(
                "^" + java.util.regex.Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$",
                java.util.regex.Pattern.MULTILINE)
            .matcher(vigil.getManagement("/q/metrics").body());
    double total = 0;
    while (lines.find()) {
      String labels = lines.group(1) == null ? "" : lines.group(1);
      if (Arrays.stream(labelFragments).allMatch(labels::contains)) {
        total += Double.parseDouble(lines.group(2));
      }
    }
    return total;
  }

  private static Instant instant(ResultSet row, int column) throws java.sql.SQLException {
    OffsetDateTime at = row.getObject(column, OffsetDateTime.class);
    return at == null ? null : at.toInstant();
  }

  private static double millisBetween(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e6;
  }

  private boolean watchedOpen(Stack stack, HttpClient http, ChannelId id) {
    try {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(stack.url("/v1/watcher/channels/" + id.hex())))
                  .header("Authorization", TestAuth.OPERATOR_AUTHORIZATION)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        return false;
      }
      var status = json.readTree(answer.body());
      return "OPEN".equals(status.path("chainStatus").asText())
          && status.path("heldNonce").asLong() == 3;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * When (System.nanoTime()) the node pushed the hunter's next transaction as pending: the first
   * transaction pushed after the close's block whose sender is the hunter, and after which the
   * hunter's pending nonce moved past {@code hunterNonce}. Checked once per pushed transaction, so
   * the bench asks the node nothing while it waits.
   */
  private static long disputePushed(Stack stack, long hunterNonce, long mined) throws Exception {
    long deadline = mined + Duration.ofSeconds(10).toNanos();
    while (true) {
      HeadWatch.Pending next = stack.heads().nextPending(Math.max(1, deadline - System.nanoTime()));
      if (next == null) {
        throw new IllegalStateException("no dispute in the pool within 10 s");
      }
      String sender =
          stack
              .anvil()
              .rpc("eth_getTransactionByHash", "[\"" + next.hash() + "\"]")
              .replaceAll(".*\"from\":\"(0x[0-9a-fA-F]+)\".*", "$1");
      if (sender.equalsIgnoreCase(HUNTER) && pendingNonce(stack.anvil(), HUNTER) > hunterNonce) {
        return next.nanos();
      }
    }
  }

  /**
   * An account's pending nonce. A read asked again once when anvil closed the kept-alive connection
   * just as the read reused it: the answer is lost, the read is not.
   */
  private static long pendingNonce(Anvil anvil, String address) {
    String params = "[\"" + address + "\", \"pending\"]";
    String answer;
    try {
      answer = anvil.rpc("eth_getTransactionCount", params);
    } catch (UncheckedIOException closed) {
      answer = anvil.rpc("eth_getTransactionCount", params);
    }
    return Long.parseLong(answer.replaceAll(".*\"result\":\"0x([0-9a-fA-F]+)\".*", "$1"), 16);
  }

  static long blockNumber(Anvil anvil) {
    String answer = anvil.rpc("eth_blockNumber", "[]");
    return Long.parseLong(answer.replaceAll(".*\"result\":\"0x([0-9a-fA-F]+)\".*", "$1"), 16);
  }

  /**
   * The bench's own subscriptions on anvil's WebSocket endpoint. newHeads: when each block's head
   * reached a subscriber, the earliest the Vigil process can have it by push.
   * newPendingTransactions: when each transaction entered the node's pool, so the bench sees the
   * dispute arrive without asking the node in a loop (which would take a core from the processes it
   * measures).
   */
  static final class HeadWatch implements WebSocket.Listener, AutoCloseable {

    /** A transaction the node took into its pool, and when (System.nanoTime()) that was pushed. */
    record Pending(String hash, long nanos) {}

    private final Map<Long, Instant> arrivals = new ConcurrentHashMap<>();
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final ObjectMapper json = new ObjectMapper();
    private WebSocket socket;

    static HeadWatch subscribe(Anvil anvil) {
      HeadWatch watch = new HeadWatch();
      watch.socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .buildAsync(URI.create(anvil.wsUrl()), watch)
              .join();
      watch
          .socket
          .sendText(
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}",
              true)
          .join();
      watch
          .socket
          .sendText(
              "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_subscribe\","
                  + "\"params\":[\"newPendingTransactions\"]}",
              true)
          .join();
      return watch;
    }

    /** Forgets the transactions pushed so far. */
    void clearPending() {
      pending.clear();
    }

    /** The next transaction pushed as pending, waiting up to {@code nanos}; null when none came. */
    Pending nextPending(long nanos) throws InterruptedException {
      return pending.poll(nanos, TimeUnit.NANOSECONDS);
    }

    /** When the head of block {@code number} arrived, or null when it did not. */
    Instant arrival(long number) {
      return arrivals.get(number);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      long nanos = System.nanoTime();
      Instant now = Instant.now();
      partial.append(data);
      if (last) {
        try {
          JsonNode result = json.readTree(partial.toString()).path("params").path("result");
          JsonNode number = result.path("number");
          if (result.isTextual()) {
            pending.add(new Pending(result.asText(), nanos));
          } else if (number.isTextual()) {
            arrivals.putIfAbsent(Long.parseLong(number.asText().substring(2), 16), now);
          }
        } catch (IOException | RuntimeException unreadable) {
          // not a head: the subscription's confirmation, or noise; the step stays unmeasured
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void close() {
      socket.abort();
    }
  }

  /** Sizes in a database the last run's process migrated: its tables are the real ones. */
  private static Storage storage(String jdbcUrl) throws Exception {
    var postgres = TestInfrastructure.get().postgres();
    int channels = 100_000;
    try (Connection connection =
            DriverManager.getConnection(jdbcUrl, postgres.user(), postgres.password());
        Statement sql = connection.createStatement()) {
      sql.execute("drop table if exists bench_state");
      sql.execute("create table bench_state (like watcher_state including all)");
      sql.execute("drop table if exists bench_channel");
      sql.execute("create table bench_channel (like watcher_channel including all)");
      // LIKE copies neither table's storage parameters (fillfactor): carried over by hand.
      for (String table : List.of("state", "channel")) {
        try (ResultSet options =
            sql.executeQuery(
                "select array_to_string(reloptions, ', ') from pg_class where relname = 'watcher_"
                    + table
                    + "' and reloptions is not null")) {
          if (options.next()) {
            sql.execute("alter table bench_" + table + " set (" + options.getString(1) + ")");
          }
        }
      }
      // Realistic widths: 32-byte ids, 65-byte signatures, 20-byte addresses, wei amounts.
      sql.execute(
          "insert into bench_state select decode(md5(i::text) || md5((i + 1)::text), 'hex'),"
              + " i, 123456789012345678, 987654321098765432,"
              + " decode(repeat(md5(i::text), 4) || 'aa', 'hex'),"
              + " decode(repeat(md5((i * 7)::text), 4) || 'bb', 'hex'),"
              + " decode(substr(md5((i * 3)::text), 1, 40), 'hex'),"
              + " decode(substr(md5((i * 5)::text), 1, 40), 'hex'),"
              + " decode(repeat(md5((i * 11)::text), 4) || 'cc', 'hex'), ''::bytea,"
              + " decode(substr(md5((i * 5)::text), 1, 40), 'hex'), 1000000 + i, now(), null"
              + " from generate_series(1, "
              + channels
              + ") i");
      sql.execute(
          "insert into bench_channel select decode(md5(i::text) || md5((i + 1)::text), 'hex'),"
              + " decode(substr(md5((i * 3)::text), 1, 40), 'hex'),"
              + " decode(substr(md5((i * 5)::text), 1, 40), 'hex'), 2000000000000000000,"
              + " 100000000000000000, 'OPEN', null, null, null, null, null, null,"
              + " decode(md5((i * 13)::text) || md5((i * 17)::text), 'hex') from"
              + " generate_series(1, "
              + channels
              + ") i");
      sql.execute("vacuum analyze bench_state");
      sql.execute("vacuum analyze bench_channel");
      long stateBytes = single(sql, "select pg_total_relation_size('bench_state')");
      long channelBytes = single(sql, "select pg_total_relation_size('bench_channel')");
      sql.execute("drop table bench_state");
      sql.execute("drop table bench_channel");
      return new Storage(stateBytes / channels, channelBytes / channels);
    }
  }

  private static String report(List<Intake> intakes, List<Reaction> reactions, Storage storage) {
    int cores = Runtime.getRuntime().availableProcessors();
    StringBuilder out = new StringBuilder("## Watchtower\n\n");
    out.append(
            String.format(
                Locale.ROOT,
                """
                Vigil runs in a JVM of its own (roles chain, watcher and relay); the load clients, \
                the Kafka broker and the control of anvil run in the bench JVM, on the same %d \
                cores. %d runs in one invocation, each from nothing: a fresh anvil with the hub \
                deployed again, a fresh database, fresh Kafka topics and a fresh Vigil process, \
                so each run warms up again and the runs vary as restarts do. The broker, which \
                stands for a Kafka cluster long in service, is warmed once before the first run \
                (%,d records sent one at a time and read back). A figure's median, min and max \
                are over the runs; a run misses when its own figure misses the target.

                """,
                cores,
                intakes.size(),
                BROKER_WARM_UPS))
        .append("| figure | target | median | min | max | runs missed |\n")
        .append("|---|---|---:|---:|---:|---|\n")
        .append(
            summary(
                "**updates of watched channels, batched**",
                "≥ 5,000 /s",
                "%.0f /s",
                intakes.stream().mapToDouble(Intake::updateRate).toArray(),
                rate -> rate >= TARGET_UPDATES_PER_SECOND ? 0 : 1))
        .append(
            summary(
                "**updates / limit for 2 recoveries**",
                "≥ 50 %",
                "%.1f %%",
                intakes.stream().mapToDouble(intake -> 100 * intake.updateShare()).toArray(),
                share -> share >= 100 * TARGET_UPDATES_SHARE ? 0 : 1))
        .append(
            summary(
                "limit for 2 recoveries (native, " + cores + " threads, bench JVM)",
                "",
                "%.0f /s",
                intakes.stream().mapToDouble(Intake::limitTwo).toArray(),
                null))
        .append(
            summary(
                "new channels, batched (3 recoveries)",
                "",
                "%.0f /s",
                intakes.stream().mapToDouble(Intake::newRate).toArray(),
                null))
        .append(
            summary(
                "new channels, one per request",
                "",
                "%.0f /s",
                intakes.stream().mapToDouble(Intake::singleRate).toArray(),
                null))
        .append(
            summary(
                "Vigil CPU per 1,000 updates (user + system)",
                "",
                "%.0f ms",
                intakes.stream().mapToDouble(Intake::cpuMillisPerThousandUpdates).toArray(),
                null))
        .append(
            summary(
                "**reaction, median**",
                "< 50 ms",
                "%.0f ms",
                reactions.stream().mapToDouble(Reaction::medianMillis).toArray(),
                millis -> millis < TARGET_REACTION_MEDIAN_MILLIS ? 0 : 1))
        .append(
            summary(
                "reaction, p90",
                "",
                "%.0f ms",
                reactions.stream().mapToDouble(reaction -> reaction.percentile(0.90)).toArray(),
                null))
        .append(
            summary(
                "**reaction, p99**",
                "< 150 ms",
                "%.0f ms",
                reactions.stream().mapToDouble(reaction -> reaction.percentile(0.99)).toArray(),
                millis -> millis < TARGET_REACTION_P99_MILLIS ? 0 : 1))
        .append(
            summary(
                "reaction, max",
                "",
                "%.0f ms",
                reactions.stream().mapToDouble(Reaction::max).toArray(),
                null))
        .append(
            String.format(
                Locale.ROOT,
                "| storage per watched channel (measured once: it does not vary) | < 1,024 bytes"
                    + " | %d bytes | | | %s |%n",
                storage.total(),
                storage.total() < STORAGE_TARGET_BYTES ? "none" : "missed"))
        .append('\n');
    intakeDetails(out, intakes, cores);
    reactionDetails(out, reactions);
    storageDetails(out, storage);
    return out.toString();
  }

  /**
   * A summary row: median, min and max of the runs' values, and the runs whose value missed ({@code
   * missed} answers 1 for a miss; null when the figure has no target).
   */
  private static String summary(
      String name, String target, String format, double[] values, DoubleUnaryOperator missed) {
    String misses = "";
    if (missed != null) {
      List<String> runs = new ArrayList<>();
      for (int i = 0; i < values.length; i++) {
        if (missed.applyAsDouble(values[i]) > 0) {
          runs.add(String.valueOf(i + 1));
        }
      }
      misses =
          runs.isEmpty()
              ? "none"
              : runs.size() + " of " + values.length + " (run " + String.join(", ", runs) + ")";
    }
    return String.format(
        Locale.ROOT,
        "| %s | %s | %s | %s | %s | %s |%n",
        name,
        target,
        String.format(Locale.ROOT, format, median(values)),
        String.format(Locale.ROOT, format, Arrays.stream(values).min().orElseThrow()),
        String.format(Locale.ROOT, format, Arrays.stream(values).max().orElseThrow()),
        misses);
  }

  private static void intakeDetails(StringBuilder out, List<Intake> intakes, int cores) {
    out.append("### State intake, per run\n\n")
        .append(
            String.format(
                Locale.ROOT,
                """
                Co-signed states accepted end to end: HTTP in, every field checked, both state \
                signatures recovered on the server, the hunter authorization recovered (or \
                recognised when the same one is held), stored in PostgreSQL (fsync and \
                synchronous commit on, so each commit waits for its WAL on disk) before the \
                answer, and a receipt signed per state. The bench's channels are recorded as \
                open on chain first (as the chain follower records them), so each state is also \
                checked against its channel's parties and deposits. Batches carry %d delegations \
                (`POST /v1/watcher/delegations/batch`), %d in flight; a run's figure is the \
                median of its %d rounds. Each run's %d update rounds come after %d uncounted \
                ones over the same channels (%,d states a round), listed below with the \
                median of the last three of them next to the measured median (under 100 %% the \
                rate was still rising); the new channels come first (%,d uncounted, then %,d \
                one per request, then %d batched rounds of %,d). The limit is bare native \
                recovery in the bench JVM on %d threads, measured before and after the run's rounds, the \
                higher counting; a state needs 2 recoveries (updates) or 3 (new channels). A run \
                passes when its updates reach both 5,000 /s and 50 %% of its limit. Vigil's \
                CPU is user + system time from /proc over the measured update rounds; its heap \
                is read from its metrics right after a full collection (jcmd GC.run).

                """,
                BATCH,
                BATCHES_IN_FLIGHT,
                ROUNDS,
                ROUNDS,
                UPDATE_WARM_UPS,
                CHANNELS,
                NEW_WARM_UP,
                SINGLE,
                ROUNDS,
                ROUND_SIZE,
                cores))
        .append(
            "| run | recovery, 1 thread | recovery, "
                + cores
                + " threads, before / after | limit, 2 recoveries | **updates, batched** |"
                + " **updates / limit** | result | new channels, batched (/ limit for 3) | new"
                + " channels, one per request, 16 in flight | HOT updates | Vigil CPU per 1,000"
                + " updates | Vigil heap after GC, before → after "
                + String.format(Locale.ROOT, "%,d", SINGLE + ROUNDS * ROUND_SIZE)
                + " new channels | last 3 warm-up rounds / measured |\n")
        .append("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---:|\n");
    for (int i = 0; i < intakes.size(); i++) {
      Intake run = intakes.get(i);
      out.append(
          String.format(
              Locale.ROOT,
              "| %d | %.0f /s | %.0f / %.0f /s | %.0f /s | **%.0f /s** | **%.1f %%** | %s | %.0f /s"
                  + " (%.0f %%) | %.0f /s | %.0f %% | %.0f ms | %s | %.0f %% |%n",
              i + 1,
              run.recoveryOneThread(),
              run.recoveryBefore()[1],
              run.recoveryAfter()[1],
              run.limitTwo(),
              run.updateRate(),
              100 * run.updateShare(),
              run.passed() ? "pass" : "**miss**",
              run.newRate(),
              100 * run.newShare(),
              run.singleRate(),
              100 * run.inPlace(),
              run.cpuMillisPerThousandUpdates(),
              heap(run.heapBefore()) + " → " + heap(run.heapAfter()),
              100 * run.warmUpTail()));
    }
    out.append(
            "\nRounds of each run (/s), updates measured; new channels measured; updates"
                + " before them, uncounted ("
                + CHANNELS
                + " states each):\n\n")
        .append("| run | updates | new channels | update warm-up rounds, in order |\n")
        .append("|---|---|---|---|\n");
    for (int i = 0; i < intakes.size(); i++) {
      Intake run = intakes.get(i);
      out.append("| ")
          .append(i + 1)
          .append(" | ")
          .append(rounds(run.updateRates()))
          .append(" | ")
          .append(rounds(run.newRates()))
          .append(" | ")
          .append(rounds(run.warmUpRates()))
          .append(" |\n");
    }
    out.append('\n');
  }

  private static String heap(long bytes) {
    return bytes < 0 ? "not read" : (bytes >> 20) + " MiB";
  }

  private static void reactionDetails(StringBuilder out, List<Reaction> reactions) {
    out.append("### Reaction to a stale close, per run\n\n")
        .append(
            String.format(
                Locale.ROOT,
                """
                Automine off: the stale close is put in anvil's pool, one block is mined, and \
                the clock runs from that block being mined until the dispute from Vigil's hunter \
                is in the pool (anvil pushes it to the bench's `newPendingTransactions` \
                subscription; the bench then checks once that it is the hunter's, so it asks the \
                node nothing while it waits); the next block then \
                mines the dispute, and the run checks that it did. New heads reach Vigil by push \
                (`eth_subscribe` to `newHeads` on anvil's WebSocket endpoint, \
                `vigil.chain.ws-urls`), with polling every %d ms as the fallback only; \
                confirmations 0. %d closes per run, after %d uncounted ones (the first dispute \
                of a fresh process loads and compiles its whole path). A run passes when its \
                median is under 50 ms and its p99 under 150 ms.

                """,
                POLL_FALLBACK.toMillis(),
                CLOSES,
                CLOSE_WARM_UPS))
        .append("| run | median | p90 | **p99** | max | result | heads pushed / blocks mined |\n")
        .append("|---|---:|---:|---:|---:|---|---|\n");
    for (int i = 0; i < reactions.size(); i++) {
      Reaction run = reactions.get(i);
      out.append(
          String.format(
              Locale.ROOT,
              "| %d | %.0f ms | %.0f ms | **%.0f ms** | %.0f ms | %s | %.0f / %d |%n",
              i + 1,
              run.medianMillis(),
              run.percentile(0.90),
              run.percentile(0.99),
              run.max(),
              run.passed() ? "pass" : "**miss**",
              run.headsPushed(),
              run.blocks()));
    }
    out.append(
            "\nWhere the time goes: when each close reached each step of the dispute path, in ms"
                + " after its block was mined (median over the run's closes; p90 in brackets)."
                + " The bench's own head subscription gives the push; the rest are the"
                + " timestamps the process writes in its database on the way (chain cursor,"
                + " watcher request, relay request, signed attempt, send log), on the same"
                + " clock.\n\n")
        .append("| step |");
    for (int i = 0; i < reactions.size(); i++) {
      out.append(" run ").append(i + 1).append(" |");
    }
    out.append("\n|---|").append("---:|".repeat(reactions.size())).append('\n');
    for (String step : STEPS) {
      out.append("| ").append(step).append(" |");
      for (Reaction run : reactions) {
        double[] values =
            Arrays.stream(run.steps().get(step)).filter(v -> !Double.isNaN(v)).toArray();
        out.append(
            values.length == 0
                ? " not read |"
                : String.format(
                    Locale.ROOT,
                    " %.1f (%.1f)%s |",
                    median(values),
                    percentile(values, 0.90),
                    values.length < run.millis().length ? " of " + values.length + " closes" : ""));
      }
      out.append('\n');
    }
    out.append('\n');
  }

  private static void storageDetails(StringBuilder out, Storage storage) {
    out.append("### Storage per watched channel\n\n")
        .append(
            "PostgreSQL size including indexes (pg_total_relation_size) of 100,000 rows with"
                + " real field widths, in tables with the same columns, indexes and storage"
                + " parameters as the real ones (watcher_state keeps a fifth of each page free"
                + " for in-place updates):\n\n")
        .append("| measure | value |\n|---|---|\n")
        .append(row("held state (watcher_state)", "%d bytes", storage.state()))
        .append(row("chain view (watcher_channel)", "%d bytes", storage.channel()))
        .append(row("total per channel (target < 1,024)", "%d bytes", storage.total()))
        .append(
            "\nStates are not kept in the heap: the intake runs above show Vigil's heap before"
                + " and after the new channels they added.\n");
  }

  private static long single(Statement sql, String query) throws Exception {
    try (ResultSet result = sql.executeQuery(query)) {
      result.next();
      return result.getLong(1);
    }
  }

  /** User + system CPU of a process so far, in clock ticks (1/100 s), from /proc. */
  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException gone) {
      throw new IllegalStateException("no /proc entry for " + pid, gone);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String row(String name, String format, Object value) {
    return "| " + name + " | " + String.format(Locale.ROOT, format, value) + " |\n";
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double percentile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.max(0, (int) Math.ceil(sorted.length * q) - 1)];
  }

  private static String rounds(double[] values) {
    return Arrays.stream(values)
        .mapToObj(value -> String.format(Locale.ROOT, "%.0f", value))
        .collect(Collectors.joining(", "));
  }
}
