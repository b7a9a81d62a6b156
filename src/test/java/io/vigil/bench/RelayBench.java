package io.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.relay.RelayTestChain;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.RpcProxy;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Relayed transactions per second, from the client API until the status API says CONFIRMED, next to
 * bare eth_sendRawTransaction throughput (until mined) on the same anvil in the same run.
 *
 * <p>Fairness: anvil gets slower as its chain grows (measured: bare throughput fell from about 600
 * to about 80 tx/s over 1,400 blocks), so every measurement, of either side, runs on a fresh anvil
 * (same port, hub deployed again at the same address). Restoring an {@code evm_snapshot} instead
 * now and then lost one transaction, whose sender's later ones then waited in anvil's queue for
 * good. Every side sends the same number of transactions from the same number of senders, and each
 * round starts one side further on than the last.
 *
 * <p>A third side, the floor, does without the relay what the relay's checks and storage cost at
 * least (see {@link #floor}), so the report shows how much of the gap to raw is the relay's own.
 */
class RelayBench {

  /**
   * The numbers of senders measured, each with its own rounds: a few busy clients, and many clients
   * at once (where the relay's intake shares round trips and commits between them).
   */
  static final List<Integer> SENDER_COUNTS =
      java.util.Arrays.stream(System.getProperty("relay-bench.senders", "4,16").split(","))
          .map(String::strip)
          .map(Integer::valueOf)
          .toList();

  static final int TRANSACTIONS = 200;

  /**
   * Relay settings changed for a run, to compare them: every system property {@code
   * relay-bench.vigil.X} sets {@code vigil.X} (for example {@code
   * -Drelay-bench.vigil.relay.raw.max-batch=32}). The report names them.
   */
  static final Map<String, String> RELAY_SETTINGS = relaySettings();

  static Map<String, String> relaySettings() {
    Map<String, String> settings = new java.util.TreeMap<>();
    System.getProperties()
        .forEach(
            (key, value) -> {
              if (key.toString().startsWith("relay-bench.vigil.")) {
                settings.put(key.toString().substring("relay-bench.".length()), value.toString());
              }
            });
    return settings;
  }

  /** Senders of the current measurement. */
  int senders = SENDER_COUNTS.get(0);

  int perSender() {
    return TRANSACTIONS / senders;
  }

  static final int ROUNDS = 5;
  static final int WARM_UPS = Integer.getInteger("relay-bench.warm-ups", 80);

  /** Relayed tx/s of every warm-up measurement, in order. */
  final List<Double> warmRelayed = new ArrayList<>();

  static final String TRACK_INTERVAL = "100ms";
  static final int CONFIRMATIONS = 2;
  static final Duration DEADLINE = Duration.ofSeconds(120);

  /**
   * How long either side waits for its last transactions to be mined or confirmed. Now and then
   * anvil leaves a sender's transactions queued for good: the one before them is gone (raw side) or
   * mined (seen on the relayed side too), yet they are never promoted to pending. Such a
   * measurement is repeated on a fresh chain rather than counted.
   */
  static final Duration STALL = Duration.ofSeconds(10);

  /** Measurements repeated because anvil stalled, by side. */
  final Map<String, Integer> repeats =
      new java.util.TreeMap<>(Map.of(RAW, 0, RELAYED, 0, FLOOR, 0));

  static final long POLL_MILLIS = 5;

  static final String NAME = "relay_bench_" + Long.toHexString(System.nanoTime());

  /**
   * With {@code -Drelay-bench.count=true} (and {@code -Dvigil-test.pg-stat-statements=true}) the
   * bench does not time anything: it counts what the relayed and the floor side ask of the node
   * (JSON-RPC calls by method, through a counting proxy in front of anvil, batch members one by
   * one) and of PostgreSQL (statements by text, from pg_stat_statements), per transaction, with 4
   * senders, and prints them. Counts do not depend on how loaded the machine is, except that
   * tracking asks per carrier pass.
   */
  static final boolean COUNT = Boolean.getBoolean("relay-bench.count");

  RpcProxy relayProxy;
  RpcProxy benchProxy;
  Map<String, Long> costsAtStart;
  final List<Map<String, Long>> counted = new ArrayList<>();

  final ObjectMapper json = new ObjectMapper();
  Anvil anvil;
  RelayTestChain chain;
  VigilProcess vigil;
  URL anvilRpc;
  long anvilPid;
  long relayPid;
  long postmasterPid;
  String jdbcUrl;
  URL submit;
  String hub;
  int batches;

  /** One measurement: transactions per second and when the last submission was answered. */
  record Run(
      double txPerSecond, double answeredSeconds, double totalSeconds, Map<String, Double> cpu) {}

  /** Fresh hub opens, one list per sender in nonce order, different from every earlier batch. */
  List<List<String>> sign() {
    Random random = new Random(++batches);
    List<List<String>> all = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      String key = senderKey(s);
      long nonce = chain.pendingNonce(RelayTestChain.address(key));
      List<String> raws = new ArrayList<>();
      for (int i = 0; i < perSender(); i++) {
        // A fresh partner each time: one pair can open one channel per block.
        byte[] partner = new byte[20];
        random.nextBytes(partner);
        raws.add(
            RelayTestChain.signHubCall(
                key,
                nonce + i,
                hub,
                BigInteger.valueOf(1000),
                RelayTestChain.openCall(Numeric.toHexString(partner), 3600, BigInteger.ZERO)));
      }
      all.add(raws);
    }
    return all;
  }

  /**
   * The key of sender {@code s}: derived from the bench's name for it, so any number of senders can
   * run; {@link #freshChain} funds them.
   */
  static String senderKey(int s) {
    return Numeric.toHexStringWithPrefixZeroPadded(
        Numeric.toBigInt(Hash.sha3(("relay-bench sender " + s).getBytes(StandardCharsets.UTF_8))),
        64);
  }

  /**
   * Replaces the chain with a fresh anvil on the same port and deploys the hub again (at the same
   * address: same deployer, same nonce), so every measurement starts from the same chain.
   */
  void freshChain() {
    int port = anvil.port();
    anvil.close();
    anvil = Anvil.start(port, List.of());
    chain = new RelayTestChain(anvil);
    assertThat(chain.deployHub()).isEqualTo(hub);
    for (int s = 0; s < java.util.Collections.max(SENDER_COUNTS); s++) {
      chain.fund(senderKey(s), RelayTestChain.ETHER.multiply(BigInteger.valueOf(1000)));
    }
    anvilPid = anvil.pid();
  }

  /** A connection to the relay's database. */
  java.sql.Connection connectToRelayDatabase() throws java.sql.SQLException {
    return java.sql.DriverManager.getConnection(
        jdbcUrl,
        TestInfrastructure.get().postgres().user(),
        TestInfrastructure.get().postgres().password());
  }

  /** The relay's rows of this batch that are not confirmed, for a failure's message. */
  String notConfirmed() {
    try (java.sql.Connection connection = connectToRelayDatabase();
        java.sql.Statement query = connection.createStatement();
        java.sql.ResultSet rows =
            query.executeQuery(
                "select sender, nonce, status, sends, reason, block_number, tx_hash from relay_tx"
                    + " where status <> 'CONFIRMED' order by sender, nonce")) {
      StringBuilder text = new StringBuilder();
      while (rows.next()) {
        text.append(
            String.format(
                "%n  %s nonce %d %s sends %d reason %s block %s %s",
                rows.getString(1),
                rows.getLong(2),
                rows.getString(3),
                rows.getInt(4),
                rows.getString(5),
                rows.getString(6),
                rows.getString(7)));
      }
      return text.toString();
    } catch (java.sql.SQLException e) {
      return e.toString();
    }
  }

  /** Runs {@code task} for every sender in parallel and waits for all. */
  void parallel(SenderTask task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        int sender = s;
        futures.add(
            pool.submit(
                () -> {
                  task.run(sender);
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

  interface SenderTask {
    void run(int sender) throws Exception;
  }

  /** Polls {@code done} for each item in order, every {@link #POLL_MILLIS} while one is not. */
  static void awaitEach(
      String what,
      List<String> items,
      Check done,
      java.util.function.Function<String, String> explain)
      throws Exception {
    awaitEach(what, items, done, explain, DEADLINE);
  }

  static void awaitEach(
      String what,
      List<String> items,
      Check done,
      java.util.function.Function<String, String> explain,
      Duration limit)
      throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    int next = 0;
    while (next < items.size()) {
      if (done.test(items.get(next))) {
        next++;
        continue;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out waiting for "
                + what
                + " "
                + items.get(next)
                + ": "
                + explain.apply(items.get(next)));
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  interface Check {
    boolean test(String item) throws Exception;
  }

  /** A measurement on a fresh chain, repeated (at most 3 times) when anvil stalled. */
  Run onFreshChain(String side, java.util.concurrent.Callable<Run> measurement) throws Exception {
    for (int attempt = 1; ; attempt++) {
      freshChain();
      try {
        return measurement.call();
      } catch (ExecutionException stalled) {
        if (!(stalled.getCause() instanceof AssertionError) || attempt == 3) {
          throw stalled;
        }
        repeats.merge(side, 1, Integer::sum);
        System.out.println(
            "RELAY-BENCH " + side + " measurement repeated: " + stalled.getCause().getMessage());
        abandonOpenRequests();
      }
    }
  }

  /**
   * Marks the relay's requests of an abandoned chain final, so its carrier does not send them to
   * the next chain.
   */
  void abandonOpenRequests() throws java.sql.SQLException {
    executeOnRelayDatabase(
        "update relay_tx set done = true, status = 'FAILED', reason = 'bench: chain abandoned'"
            + " where not done");
  }

  /** Runs one statement in the relay's database. */
  void executeOnRelayDatabase(String sql) throws java.sql.SQLException {
    try (java.sql.Connection connection = connectToRelayDatabase();
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Bare eth_sendRawTransaction from every sender, until the last one of each is mined. */
  Run raw() throws Exception {
    List<List<String>> raws = sign();
    Map<String, Double> cpuAtStart = cpu();
    long start = System.nanoTime();
    parallel(
        sender -> {
          for (String raw : raws.get(sender)) {
            sendRaw(raw);
          }
        });
    long answered = System.nanoTime();
    awaitLastMined(raws);
    long end = System.nanoTime();
    return run(start, answered, end, cpuAtStart);
  }

  /** A JSON-RPC request (or batch) to anvil; throws when anvil answers with an error. */
  void callAnvil(String body) throws IOException {
    Answer answer = exchange(anvilRpc, body);
    if (answer.status() != 200 || answer.body().contains("\"error\"")) {
      throw new IllegalStateException(answer.body());
    }
  }

  /** A bare eth_sendRawTransaction to anvil. */
  void sendRaw(String raw) throws IOException {
    callAnvil(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_sendRawTransaction\",\"params\":[\""
            + raw
            + "\"]}");
  }

  /**
   * Waits until the last transaction of every sender is mined. Nonces are used in order, so then
   * all of them are.
   */
  void awaitLastMined(List<List<String>> raws) throws Exception {
    parallel(
        sender -> {
          List<String> list = raws.get(sender);
          String last = Hash.sha3(list.get(list.size() - 1));
          awaitEach(
              "transaction mined",
              List.of(last),
              this::mined,
              hash ->
                  chain.anvil().rpc("eth_getTransactionByHash", "[\"" + hash + "\"]")
                      + " head "
                      + chain.blockNumber()
                      + " pool "
                      + chain.anvil().rpc("txpool_inspect", "[]"),
              STALL);
        });
  }

  /**
   * What any relay doing the checks has to cost at least, without the relay: for each
   * transaction the bench itself asks the node what the relay's checks ask (the sender's mined and
   * pending nonces and an {@code eth_call} at the pending block, in one JSON-RPC batch), inserts it
   * into PostgreSQL with a synchronous commit (durable before the answer), then sends it with
   * {@code eth_sendRawTransaction}; until the last transaction of every sender is mined, like the
   * raw side. Generous to this side: the sender's address is known rather than recovered, there is
   * no HTTP hop to a relay, no status is recorded and nobody polls one.
   */
  Run floor() throws Exception {
    List<List<String>> raws = sign();
    List<java.sql.Connection> connections = new ArrayList<>();
    try {
      for (int s = 0; s < senders; s++) {
        java.sql.Connection connection = connectToRelayDatabase();
        connections.add(connection);
      }
      Map<String, Double> cpuAtStart = cpu();
      costsAtStart = COUNT ? costs() : null;
      long start = System.nanoTime();
      parallel(
          sender -> {
            String from = RelayTestChain.address(senderKey(sender));
            try (java.sql.PreparedStatement insert =
                connections
                    .get(sender)
                    .prepareStatement(
                        "insert into bench_floor_tx (tx_hash, sender, nonce, raw) values (?, ?, ?,"
                            + " ?)")) {
              for (String raw : raws.get(sender)) {
                org.web3j.crypto.RawTransaction tx =
                    org.web3j.crypto.TransactionDecoder.decode(raw);
                String call =
                    String.format(
                        Locale.ROOT,
                        "{\"from\":\"%s\",\"to\":\"%s\",\"data\":\"%s\",\"value\":\"%s\","
                            + "\"gas\":\"%s\"}",
                        from,
                        tx.getTo(),
                        Numeric.prependHexPrefix(tx.getData()),
                        Numeric.toHexStringWithPrefix(tx.getValue()),
                        Numeric.toHexStringWithPrefix(tx.getGasLimit()));
                callAnvil(
                    "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getTransactionCount\","
                        + "\"params\":[\""
                        + from
                        + "\",\"latest\"]},"
                        + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_getTransactionCount\","
                        + "\"params\":[\""
                        + from
                        + "\",\"pending\"]},"
                        + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"eth_call\",\"params\":["
                        + call
                        + ",\"pending\"]}]");
                insert.setString(1, Hash.sha3(raw));
                insert.setString(2, from);
                insert.setLong(3, tx.getNonce().longValueExact());
                insert.setString(4, raw);
                insert.executeUpdate();
                sendRaw(raw);
              }
            }
          });
      long answered = System.nanoTime();
      awaitLastMined(raws);
      long end = System.nanoTime();
      return run(start, answered, end, cpuAtStart);
    } finally {
      for (java.sql.Connection connection : connections) {
        connection.close();
      }
    }
  }

  /** The floor side's table, in the relay's database (the relay never reads it). */
  void createFloorTable() throws java.sql.SQLException {
    executeOnRelayDatabase(
        "create table if not exists bench_floor_tx (tx_hash text primary key, sender text not"
            + " null, nonce bigint not null, raw text not null, created_at timestamptz not null"
            + " default now())");
  }

  /**
   * POST /v1/relay/transactions from every sender, then every sender polls GET
   * /v1/relay/transactions/{id} for each of its transactions until it says CONFIRMED. With automine
   * each transaction is in its own block, so the blocks of the later ones confirm the earlier ones;
   * the bench mines the one block the very last transaction still needs once all are answered,
   * inside the measured time.
   */
  Run relayed() throws Exception {
    List<List<String>> raws = sign();
    Map<String, Double> cpuAtStart = cpu();
    costsAtStart = COUNT ? costs() : null;
    long start = System.nanoTime();
    parallel(
        sender -> {
          for (String raw : raws.get(sender)) {
            Answer answer = exchange(submit, "{\"raw\":\"" + raw + "\"}");
            if (answer.status() != 202) {
              String detail =
                  answer.status() + " " + answer.body() + "; not confirmed: " + notConfirmed();
              if (answer.body().contains("ahead of the account's pending nonce")) {
                // The sender's earlier transactions were all accepted, so the node holds them
                // back: the stall onFreshChain repeats a measurement for.
                throw new AssertionError(
                    detail + " pool " + chain.anvil().rpc("txpool_inspect", "[]"));
              }
              throw new IllegalStateException(detail);
            }
          }
        });
    long answered = System.nanoTime();
    chain.anvil().mine(CONFIRMATIONS - 1);
    parallel(
        sender -> {
          List<String> ids = new ArrayList<>();
          for (String raw : raws.get(sender)) {
            ids.add("raw:" + Hash.sha3(raw).toLowerCase(Locale.ROOT));
          }
          awaitEach(
              "status CONFIRMED",
              ids,
              this::confirmed,
              id ->
                  vigil.get("/v1/relay/transactions/" + id).body()
                      + " not confirmed: "
                      + notConfirmed()
                      + " head "
                      + chain.blockNumber()
                      + " pool "
                      + chain.anvil().rpc("txpool_inspect", "[]"),
              STALL);
        });
    long end = System.nanoTime();
    return run(start, answered, end, cpuAtStart);
  }

  boolean mined(String hash) throws IOException {
    Answer answer =
        exchange(
            anvilRpc,
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getTransactionReceipt\","
                + "\"params\":[\""
                + hash
                + "\"]}");
    JsonNode receipt = json.readTree(answer.body()).path("result");
    return receipt.hasNonNull("blockNumber");
  }

  boolean confirmed(String id) throws IOException {
    Answer answer =
        exchange(URI.create(vigil.baseUrl() + "/v1/relay/transactions/" + id).toURL(), null);
    if (answer.status() != 200) {
      throw new IllegalStateException(answer.status() + " " + answer.body());
    }
    JsonNode view = json.readTree(answer.body());
    if ("FAILED".equals(view.path("status").asText())) {
      throw new IllegalStateException(id + " failed: " + view);
    }
    return "CONFIRMED".equals(view.path("status").asText())
        && view.path("confirmations").asInt() >= CONFIRMATIONS;
  }

  /** An HTTP answer. */
  record Answer(int status, String body) {}

  /**
   * One HTTP exchange (POST when {@code body} is not null, else GET) on a kept-alive connection.
   * Both sides use it, so the client's own cost is the same for both.
   */
  static Answer exchange(URL url, String body) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    connection.setConnectTimeout(10_000);
    connection.setReadTimeout(30_000);
    if (body != null) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      connection.setRequestMethod("POST");
      connection.setDoOutput(true);
      connection.setRequestProperty("Content-Type", "application/json");
      try (OutputStream out = connection.getOutputStream()) {
        out.write(bytes);
      }
    }
    int status = connection.getResponseCode();
    InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
    String text = "";
    if (stream != null) {
      try (stream) {
        text = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    return new Answer(status, text);
  }

  Run run(long start, long answered, long end, Map<String, Double> cpuAtStart) {
    if (costsAtStart != null) {
      Map<String, Long> delta = new java.util.TreeMap<>();
      costs().forEach((what, n) -> delta.put(what, n - costsAtStart.getOrDefault(what, 0L)));
      delta.values().removeIf(n -> n == 0);
      counted.add(delta);
      costsAtStart = null;
    }
    Map<String, Double> used = new LinkedHashMap<>();
    cpu().forEach((name, seconds) -> used.put(name, seconds - cpuAtStart.get(name)));
    double total = (end - start) / 1e9;
    return new Run(senders * perSender() / total, (answered - start) / 1e9, total, used);
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  @Test
  void relayThroughput() throws Exception {
    anvil = Anvil.start(List.of());
    try {
      chain = new RelayTestChain(anvil);
      hub = chain.deployHub();
      jdbcUrl = TestInfrastructure.get().postgres().createDatabase(NAME);
      Map<String, String> config = new HashMap<>(TestInfrastructure.get().vigilConfig());
      config.put("quarkus.datasource.jdbc.url", jdbcUrl);
      config.put("vigil.chain.rpc-urls", anvil.rpcUrl()); // every fresh anvil gets this port
      if (COUNT) {
        relayProxy = RpcProxy.in(anvil.rpcUrl());
        benchProxy = RpcProxy.in(anvil.rpcUrl());
        config.put("vigil.chain.rpc-urls", relayProxy.url());
      }
      config.put("vigil.chain.hub-address", hub);
      config.put("vigil.roles", "relay");
      config.put("vigil.relay.confirmations", String.valueOf(CONFIRMATIONS));
      config.put("vigil.relay.track-interval", TRACK_INTERVAL);
      config.put("mp.messaging.incoming.relay-tx-requests.topic", "vigil.tx-requests." + NAME);
      config.put("mp.messaging.incoming.relay-tx-requests.group.id", NAME);
      config.put("mp.messaging.outgoing.relay-tx-outcomes.topic", "vigil.tx-outcomes." + NAME);
      config.putAll(RELAY_SETTINGS);
      // The bench measures throughput, not the per-sender limit: a few senders send thousands.
      config.put("vigil.relay.raw.rate-per-sender", "1000000");
      config.put("vigil.relay.raw.burst-per-sender", "1000000");
      try (VigilProcess started = VigilProcess.start("relay-bench", config)) {
        vigil = started;
        anvilRpc = URI.create(COUNT ? benchProxy.url() : anvil.rpcUrl()).toURL();
        submit = URI.create(vigil.baseUrl() + "/v1/relay/transactions").toURL();
        int postgresPort =
            URI.create(TestInfrastructure.get().postgres().jdbcUrl().substring("jdbc:".length()))
                .getPort();
        relayPid = vigil.pid();
        postmasterPid = postmaster(postgresPort);
        if (COUNT) {
          count();
        } else {
          measure();
        }
      }
    } finally {
      anvil.close();
      if (COUNT) {
        relayProxy.close();
        benchProxy.close();
      }
    }
  }

  static final String RAW = "raw";
  static final String RELAYED = "relayed";
  static final String FLOOR = "floor";

  /** The sides in the order of the first round; each later round starts one further on. */
  static final List<String> SIDES = List.of(RAW, RELAYED, FLOOR);

  /** The rounds of one number of senders: each side's measurements, in round order. */
  record Series(int senders, Map<String, List<Run>> runs, List<String> orders) {
    List<Run> of(String side) {
      return runs.get(side);
    }

    double median(String side) {
      return RelayBench.median(of(side).stream().map(Run::txPerSecond).toList());
    }
  }

  Run measureSide(String side) throws Exception {
    return switch (side) {
      case RAW -> onFreshChain(RAW, this::raw);
      case RELAYED -> onFreshChain(RELAYED, this::relayed);
      case FLOOR -> onFreshChain(FLOOR, this::floor);
      default -> throw new IllegalArgumentException(side);
    };
  }

  /** The sides of round {@code round} (from 1), in the order they run. */
  static List<String> order(int round) {
    List<String> order = new ArrayList<>(SIDES);
    java.util.Collections.rotate(order, -((round - 1) % SIDES.size()));
    return order;
  }

  /** What {@link #COUNT} runs: warm-ups, then counted measurements of both sides, 4 senders. */
  void count() throws Exception {
    createFloorTable();
    executeOnRelayDatabase("create extension if not exists pg_stat_statements");
    senders = 4;
    for (int i = 0; i < Integer.getInteger("relay-bench.count-warm-ups", 10); i++) {
      measureSide(RELAYED);
      measureSide(FLOOR);
    }
    for (int round = 1; round <= 3; round++) {
      for (String side : List.of(RELAYED, FLOOR)) {
        counted.clear();
        Run run = measureSide(side);
        Map<String, Long> delta = counted.get(counted.size() - 1);
        StringBuilder text = new StringBuilder();
        delta.forEach(
            (what, n) ->
                text.append(
                    String.format(
                        Locale.ROOT, "%n  %8.2f  %s", n / (double) (senders * perSender()), what)));
        System.out.printf(
            Locale.ROOT,
            "RELAY-BENCH count, round %d %s (%.1f tx/s, %.3f s), per transaction:%s%n",
            round,
            side,
            run.txPerSecond(),
            run.totalSeconds(),
            text);
      }
    }
    Map<String, Long> before = costs();
    Thread.sleep(2000);
    StringBuilder idle = new StringBuilder();
    costs()
        .forEach(
            (what, n) -> {
              long d = n - before.getOrDefault(what, 0L);
              if (d != 0) {
                idle.append(String.format(Locale.ROOT, "%n  %8.1f  %s", d / 2.0, what));
              }
            });
    System.out.printf(Locale.ROOT, "RELAY-BENCH count, relay idle, per second:%s%n", idle);
  }

  /**
   * Calls and statements so far: the relay's and the bench's JSON-RPC calls by method (and their
   * HTTP requests), and the statements run in the relay's database by text.
   */
  Map<String, Long> costs() {
    Map<String, Long> costs = new java.util.TreeMap<>();
    relayProxy.calls().forEach((method, n) -> costs.put("rpc relay " + method, (long) n));
    costs.put("rpc relay HTTP requests", (long) relayProxy.requests());
    benchProxy.calls().forEach((method, n) -> costs.put("rpc bench " + method, (long) n));
    costs.put("rpc bench HTTP requests", (long) benchProxy.requests());
    try (java.sql.Connection connection = connectToRelayDatabase();
        java.sql.PreparedStatement query =
            connection.prepareStatement(
                "select case when length(q) > 150 then left(q, 70) || ' ... ' || right(q, 70) else q"
                    + " end, calls from (select regexp_replace(query, '\\s+', ' ', 'g') as q,"
                    + " sum(calls)::bigint as calls from pg_stat_statements s join pg_database d"
                    + " on d.oid = s.dbid where d.datname = current_database()"
                    + " and query not like '%pg_stat_statements%' group by 1) s");
        java.sql.ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        costs.merge("sql " + rows.getString(1), rows.getLong(2), Long::sum);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("reading pg_stat_statements failed", e);
    }
    return costs;
  }

  void measure() throws Exception {
    createFloorTable();
    for (int i = 0; i < WARM_UPS; i++) {
      senders = SENDER_COUNTS.get(i % SENDER_COUNTS.size());
      Map<String, Double> warm = new LinkedHashMap<>();
      for (String side : order(i + 1)) {
        warm.put(side, measureSide(side).txPerSecond());
      }
      this.warmRelayed.add(warm.get(RELAYED));
      System.out.printf(
          Locale.ROOT,
          "RELAY-BENCH warm-up %d (%d senders): raw %.1f tx/s, relayed %.1f tx/s, floor %.1f"
              + " tx/s%n",
          i + 1,
          senders,
          warm.get(RAW),
          warm.get(RELAYED),
          warm.get(FLOOR));
    }
    List<Series> all = new ArrayList<>();
    for (int count : SENDER_COUNTS) {
      senders = count;
      Map<String, List<Run>> runs = new LinkedHashMap<>();
      SIDES.forEach(side -> runs.put(side, new ArrayList<>()));
      Series series = new Series(count, runs, new ArrayList<>());
      for (int round = 1; round <= ROUNDS; round++) {
        List<String> order = order(round);
        series.orders().add(String.join(", ", order));
        for (String side : order) {
          Run run = measureSide(side);
          series.of(side).add(run);
          System.out.printf(
              Locale.ROOT,
              "RELAY-BENCH %d senders, round %d %s: %.1f tx/s, all answered %.3f s, total %.3f s,"
                  + " CPU s %s%n",
              count,
              round,
              side,
              run.txPerSecond(),
              run.answeredSeconds(),
              run.totalSeconds(),
              run.cpu());
        }
      }
      all.add(series);
      assertThat(series.median(RELAYED)).isPositive();
      assertThat(series.median(FLOOR)).isPositive();
    }
    report(all);
  }

  /** How the report names the relay's settings. */
  static String settingsText() {
    if (RELAY_SETTINGS.isEmpty()) {
      return "The relay runs with its default settings: concurrent submissions share their round"
          + " trips and commits once the batches in flight of a step are busy"
          + " (`vigil.relay.raw.max-batch=32`, `raw.batches-in-flight=2`; see relay.md).";
    }
    StringBuilder text = new StringBuilder("The relay runs with these settings changed:");
    RELAY_SETTINGS.forEach(
        (key, value) -> text.append(" `").append(key).append('=').append(value).append('`'));
    return text.append('.').toString();
  }

  /**
   * CPU seconds used so far (user + system, from /proc) by anvil, the relay process, the test
   * PostgreSQL server (its postmaster, the server processes alive now, and through the postmaster's
   * count the ones that ended) and this JVM (the clients of both sides, and the Kafka broker).
   */
  Map<String, Double> cpu() {
    Map<String, Double> seconds = new LinkedHashMap<>();
    seconds.put(ANVIL, ticks(anvilPid, false) / 100.0);
    seconds.put(RELAY, ticks(relayPid, false) / 100.0);
    long postgres = ticks(postmasterPid, true);
    for (long child : children(postmasterPid)) {
      postgres += ticks(child, false);
    }
    seconds.put(POSTGRES, postgres / 100.0);
    seconds.put(BENCH, ticks(ProcessHandle.current().pid(), false) / 100.0);
    return seconds;
  }

  static List<Long> children(long pid) {
    try {
      String list = Files.readString(Path.of("/proc", "" + pid, "task", "" + pid, "children"));
      return list.isBlank()
          ? List.of()
          : java.util.Arrays.stream(list.strip().split(" ")).map(Long::parseLong).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The postmaster of the PostgreSQL server listening on {@code port}. */
  static long postmaster(int port) {
    for (long pid : processes()) {
      try {
        String name = Files.readString(Path.of("/proc", String.valueOf(pid), "comm")).strip();
        List<String> args =
            List.of(Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline")).split("\0"));
        int flag = args.indexOf("-p");
        if ("postgres".equals(name)
            && flag >= 0
            && flag + 1 < args.size()
            && args.get(flag + 1).equals(String.valueOf(port))) {
          return pid;
        }
      } catch (IOException gone) {
        // ended meanwhile
      }
    }
    throw new IllegalStateException("no postgres process listens on port " + port);
  }

  static List<Long> processes() {
    try (var entries = Files.list(Path.of("/proc"))) {
      return entries
          .map(entry -> entry.getFileName().toString())
          .filter(name -> name.chars().allMatch(Character::isDigit))
          .map(Long::parseLong)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final String ANVIL = "anvil";
  static final String RELAY = "relay";
  static final String POSTGRES = "postgres";
  static final String BENCH = "bench JVM";

  static String[] stat(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    } catch (IOException gone) {
      return null;
    }
  }

  /** utime + stime, and with {@code children} also cutime + cstime, in clock ticks. */
  static long ticks(long pid, boolean children) {
    String[] fields = stat(pid);
    if (fields == null) {
      return 0;
    }
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    if (children) {
      ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    }
    return ticks;
  }

  /** Median over the measurements of all CPU seconds used divided by the seconds elapsed. */
  static double busy(List<Run> runs) {
    return median(
        runs.stream()
            .map(
                run ->
                    run.cpu().values().stream().mapToDouble(Double::doubleValue).sum()
                        / run.totalSeconds())
            .toList());
  }

  static double medianOf(List<Run> runs, String name) {
    return median(runs.stream().map(run -> run.cpu().get(name)).toList());
  }

  /**
   * The relay's target: in every round, relayed throughput at least this share of the floor
   * measured in the same round.
   */
  static final double FLOOR_TARGET = 0.90;

  /** Per round, {@code side}'s throughput over {@code base}'s in the same round. */
  static List<Double> ratios(Series series, String side, String base) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < series.of(side).size(); i++) {
      ratios.add(series.of(side).get(i).txPerSecond() / series.of(base).get(i).txPerSecond());
    }
    return ratios;
  }

  /** Median of the rounds' ratios, with their min and max: "51% (47-55%)". */
  static String spread(List<Double> ratios) {
    return String.format(
        Locale.ROOT,
        "%.0f%% (%.0f-%.0f%%)",
        100 * median(ratios),
        100 * java.util.Collections.min(ratios),
        100 * java.util.Collections.max(ratios));
  }

  /** Whether a round's relayed/floor ratio meets {@link #FLOOR_TARGET}. */
  static String verdict(double relayedOverFloor) {
    return relayedOverFloor >= FLOOR_TARGET ? "pass" : "**miss**";
  }

  /** The rounds that missed the target, by number ("none" when every round met it). */
  static String misses(Series series) {
    List<Double> ratios = ratios(series, RELAYED, FLOOR);
    List<String> missed = new ArrayList<>();
    for (int i = 0; i < ratios.size(); i++) {
      if (ratios.get(i) < FLOOR_TARGET) {
        missed.add(String.valueOf(i + 1));
      }
    }
    if (missed.isEmpty()) {
      return "none";
    }
    return (missed.size() == 1 ? "round " : "rounds ") + String.join(", ", missed);
  }

  /** Medians of each ten warm-up measurements, relayed side. */
  String warmUpTrend() {
    List<String> tens = new ArrayList<>();
    for (int from = 0; from < warmRelayed.size(); from += 10) {
      tens.add(
          String.format(
              Locale.ROOT,
              "%.0f",
              median(warmRelayed.subList(from, Math.min(warmRelayed.size(), from + 10)))));
    }
    return tens.isEmpty() ? "none" : String.join(", ", tens);
  }

  /** The tables of one number of senders. */
  static String tables(Series series) {
    int cores = Runtime.getRuntime().availableProcessors();
    double rawMedian = series.median(RAW);
    double relayedMedian = series.median(RELAYED);
    double floorMedian = series.median(FLOOR);
    StringBuilder rounds = new StringBuilder();
    for (int i = 0; i < series.of(RAW).size(); i++) {
      Run relayed = series.of(RELAYED).get(i);
      Run floor = series.of(FLOOR).get(i);
      Run raw = series.of(RAW).get(i);
      double overFloor = relayed.txPerSecond() / floor.txPerSecond();
      rounds.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %s | %s | %.0f%% | %s | %.0f%% | %.2f |%n",
              i + 1,
              series.orders().get(i),
              cell(relayed),
              cell(floor),
              cell(raw),
              100 * overFloor,
              verdict(overFloor),
              100 * relayed.txPerSecond() / raw.txPerSecond(),
              relayed.cpu().get(RELAY)));
    }
    StringBuilder cpu = new StringBuilder();
    for (String name : List.of(ANVIL, RELAY, POSTGRES, BENCH)) {
      cpu.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f | %.2f | %.2f |%n",
              name,
              medianOf(series.of(RELAYED), name),
              medianOf(series.of(FLOOR), name),
              medianOf(series.of(RAW), name)));
    }
    double othersCpu =
        medianOf(series.of(RELAYED), ANVIL)
            + medianOf(series.of(RELAYED), POSTGRES)
            + medianOf(series.of(RELAYED), BENCH);
    double ceiling = TRANSACTIONS / (othersCpu / cores);
    return String.format(
        Locale.ROOT,
        """
        ### %d senders (%d transactions each)

        | measure | tx/s (median of %d) |
        |---|---|
        | relayed, API to CONFIRMED | %.1f |
        | floor: the relay's node checks, a durable insert and the broadcast, made by the bench \
        itself, until mined | %.1f |
        | limit: bare eth_sendRawTransaction until mined | %.1f |
        | **relayed / floor, median of the rounds (min-max)** | **%s** (target at least \
        %.0f%% in every round; rounds that missed: %s) |
        | relayed / raw (information) | %s |
        | floor / raw | %s |

        | round | order | relayed tx/s | floor tx/s | raw tx/s | relayed / floor | target %.0f%% \
        of floor | relayed / raw | relay CPU s |
        |---|---|---|---|---|---|---|---|---|
        %s
        The relay process used %.2f CPU seconds per relayed measurement (median; %.2f ms per \
        transaction).

        CPU seconds used during each measurement (median), by process:

        | process | relayed | floor | raw |
        |---|---|---|---|
        %s
        These processes kept %.1f (relayed), %.1f (floor) and %.1f (raw) of the %d cores busy \
        (median of CPU seconds over elapsed seconds). Leaving the relay process out, a relayed \
        measurement still used %.2f CPU seconds (anvil, which also runs each transaction's \
        simulation, PostgreSQL and the bench JVM); on %d cores that alone holds the relayed side \
        to about %.0f tx/s, %.0f%% of raw, even if the relay itself cost nothing.
        """,
        series.senders(),
        TRANSACTIONS / series.senders(),
        series.of(RAW).size(),
        relayedMedian,
        floorMedian,
        rawMedian,
        spread(ratios(series, RELAYED, FLOOR)),
        100 * FLOOR_TARGET,
        misses(series),
        spread(ratios(series, RELAYED, RAW)),
        spread(ratios(series, FLOOR, RAW)),
        100 * FLOOR_TARGET,
        rounds,
        medianOf(series.of(RELAYED), RELAY),
        1000 * medianOf(series.of(RELAYED), RELAY) / TRANSACTIONS,
        cpu,
        busy(series.of(RELAYED)),
        busy(series.of(FLOOR)),
        busy(series.of(RAW)),
        cores,
        othersCpu,
        cores,
        ceiling,
        100 * ceiling / rawMedian);
  }

  /** One measurement in a round's table. */
  static String cell(Run run) {
    return String.format(
        Locale.ROOT,
        "%.1f (all answered %.2f s, total %.2f s)",
        run.txPerSecond(),
        run.answeredSeconds(),
        run.totalSeconds());
  }

  void report(List<Series> all) {
    StringBuilder ratios = new StringBuilder();
    StringBuilder sections = new StringBuilder();
    for (Series series : all) {
      ratios.append(
          String.format(
              Locale.ROOT,
              "| %d | **%s** | %s | %s | %s |%n",
              series.senders(),
              spread(ratios(series, RELAYED, FLOOR)),
              misses(series),
              spread(ratios(series, RELAYED, RAW)),
              spread(ratios(series, FLOOR, RAW))));
      sections.append('\n').append(tables(series));
    }
    BenchReport.section(
        "relay",
        String.format(
            Locale.ROOT,
            """
            ## Transaction relay: client transactions per second, API to confirmed

            Each measurement sends %d client-signed hub `open` transactions to anvil with \
            automine, from several senders in parallel (each sends its share in nonce order, \
            waiting for each answer). It is done with a few busy senders and with many senders at \
            once. %s Every measurement runs on a fresh anvil with the hub just deployed, because \
            anvil slows down as its chain grows (bare throughput fell from about 600 to about 80 \
            tx/s over 1,400 blocks on one chain). Each round measures the three sides below, each \
            round starting one side further on (raw, relayed, floor; then relayed, floor, raw; \
            ...). All sides use the same HTTP client, with a kept-alive connection per sender. \
            %d warm-up measurements of each side come first (alternating the numbers of senders) \
            and are not counted: the relay's JVM keeps compiling its hot paths for the first \
            15,000 or so requests (sampled per thread from /proc: its JIT compiler threads used \
            more CPU than its request threads for the first 10,000), and a relay runs for days. \
            Relayed tx/s during the warm-up, median of each ten measurements: %s. Measurements \
            repeated because anvil left a sender's transactions queued for good (on either side; \
            it happens now and then, independently of the relay): %s.

            - **relayed**: from the first `POST /v1/relay/transactions` (decode, checks, \
            `eth_call` at pending, stored durably, broadcast) until `GET \
            /v1/relay/transactions/{id}` says `CONFIRMED` with %d confirmations for every one \
            (each sender polls its own transactions in order). The one block the last \
            transaction still needs for its second confirmation is mined by the bench once all \
            are answered, inside the measured time. The carrier looks for receipts every %s \
            (`vigil.relay.track-interval`).
            - **floor** (no relay; what the issue's checks and durability cost at least): for each \
            transaction the bench itself asks anvil what the relay's checks ask (the sender's mined \
            and pending nonces and an `eth_call` at the pending block, one JSON-RPC batch), inserts \
            it into a table of the relay's PostgreSQL with a synchronous commit, then sends it with \
            `eth_sendRawTransaction`; until the last transaction of every sender has a receipt. \
            Generous to this side: the sender is known rather than recovered, there is no HTTP hop \
            to a relay, no status is recorded, nothing is published and nobody polls.
            - **raw** (the limit): from the first bare `eth_sendRawTransaction` until the last \
            transaction of every sender has a receipt (1 confirmation).

            Target: relayed at least %.0f%% of the floor measured in the same round, in every \
            round. Ratios are per round (each side over the other side of the same round): the \
            median of the %d rounds, with their min and max. relayed / raw is shown for \
            information.

            | senders | relayed / floor | rounds that missed %.0f%% of floor | relayed / raw | \
            floor / raw |
            |---|---|---|---|---|
            %s%s
            The bench JVM runs the clients of all sides and the Kafka broker that receives the \
            relay's outcomes.
            """,
            TRANSACTIONS,
            settingsText(),
            WARM_UPS,
            warmUpTrend(),
            "raw "
                + repeats.get(RAW)
                + ", relayed "
                + repeats.get(RELAYED)
                + ", floor "
                + repeats.get(FLOOR),
            CONFIRMATIONS,
            TRACK_INTERVAL,
            100 * FLOOR_TARGET,
            ROUNDS,
            100 * FLOOR_TARGET,
            ratios,
            sections));
  }
}
