package io.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.channel.ChannelId;
import io.vigil.core.channel.ChannelState;
import io.vigil.core.channel.HunterAuthorization;
import io.vigil.core.crypto.Address;
import io.vigil.core.crypto.Eip712;
import io.vigil.core.crypto.PrivateKey;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.PostgresServer;
import io.vigil.testsupport.ProcessSettings;
import io.vigil.testsupport.TestData;
import io.vigil.testsupport.TestInfrastructure;
import io.vigil.testsupport.VigilProcess;
import io.vigil.watcher.Delegating;
import io.vigil.watcher.WatchtowerProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * How soon a fresh Vigil process reaches its steady throughput, without and with the JDK's
 * ahead-of-time cache (JEP 483/514/515: classes loaded and linked, and method profiles, from a
 * training run). The role is the watcher's state intake: its warm-up is the longest (about half a
 * million states in the watchtower bench) and it needs only PostgreSQL to drive.
 *
 * <p>The cache is made here as deploy/run-local.sh makes it: a training run of the packaged
 * application with {@code -XX:AOTCacheOutput}, under the same load, stopped with SIGTERM so that
 * the JVM exits normally and writes the cache. Every measured run is a fresh process on the same
 * PostgreSQL, whose watcher tables are emptied once it is ready (its start creates them on a new
 * database); runs alternate without and with the cache.
 */
class WarmupBench {

  /** Measured runs per side; the sides alternate, starting without the cache. */
  static final int RUNS = Integer.getInteger("warmup-bench.runs", 3);

  /** Longest load of one run; a run also ends when its states are all sent. */
  static final int SECONDS = Integer.getInteger("warmup-bench.seconds", 150);

  /** Load of the training run. */
  static final int TRAINING_SECONDS = Integer.getInteger("warmup-bench.training-seconds", 60);

  /** States signed before the runs (each run sends them from the first). */
  static final int STATES = Integer.getInteger("warmup-bench.states", 400_000);

  static final int CHANNELS = 2_048;
  static final int BATCH = 64;
  static final int BATCHES_IN_FLIGHT = 8;

  /** The share of steady throughput a run must keep from the reported second on. */
  static final double SHARE = 0.9;

  /** Seconds averaged before comparing with the steady throughput (one-second rates are noisy). */
  static final int WINDOW = 5;

  /**
   * Half of each channel's deposits (1 ether): both parties keep well above the watcher's minimum
   * stake worth a dispute.
   */
  static final BigInteger HALF = BigInteger.TEN.pow(18).shiftRight(1);

  static final Path CACHE = Path.of("target", "warmup-bench", "vigil.aot").toAbsolutePath();

  private final ObjectMapper json = new ObjectMapper();

  /** One measured run: per-second accepted states and Vigil CPU seconds, from the load's start. */
  record Run(
      boolean cached,
      double startupSeconds,
      long[] statesPerSecond,
      double[] cpuPerSecond,
      long states) {

    /** Median of the one-second rates of the last third of the run. */
    double steady() {
      long[] tail =
          Arrays.copyOfRange(
              statesPerSecond, statesPerSecond.length * 2 / 3, statesPerSecond.length);
      Arrays.sort(tail);
      return tail[tail.length / 2];
    }

    /**
     * The first second from which the {@link #WINDOW}-second average never falls below {@link
     * #SHARE} of the steady rate again (the end of the window counts).
     */
    int secondsToSteady() {
      double floor = SHARE * steady();
      int first = statesPerSecond.length;
      for (int end = statesPerSecond.length; end >= WINDOW; end--) {
        double sum = 0;
        for (int i = end - WINDOW; i < end; i++) {
          sum += statesPerSecond[i];
        }
        if (sum / WINDOW < floor) {
          break;
        }
        first = end;
      }
      return first;
    }

    long statesToSteady() {
      long sum = 0;
      for (int i = 0; i < secondsToSteady(); i++) {
        sum += statesPerSecond[i];
      }
      return sum;
    }

    /** Vigil's CPU seconds per 1,000 states in the first ten seconds and in the last third. */
    double[] cpuPerThousand() {
      int tailFrom = statesPerSecond.length * 2 / 3;
      return new double[] {
        perThousand(0, Math.min(10, statesPerSecond.length)),
        perThousand(tailFrom, statesPerSecond.length)
      };
    }

    private double perThousand(int from, int to) {
      long states = 0;
      double cpu = 0;
      for (int i = from; i < to; i++) {
        states += statesPerSecond[i];
        cpu += cpuPerSecond[i];
      }
      return states == 0 ? Double.NaN : 1000 * cpu / states;
    }
  }

  @Test
  void shouldReachSteadyThroughputSoonerWhenStartedWithAnAotCache() throws Exception {
    TestInfrastructure infrastructure = TestInfrastructure.get();
    String hub = WatchtowerProfile.hub();
    Eip712 eip712 = Eip712.forHub(Anvil.CHAIN_ID, Address.of(hub));
    Workload workload = workload(eip712);

    Files.createDirectories(CACHE.getParent());
    Files.deleteIfExists(CACHE);
    long trainingStart = System.nanoTime();
    Run training = run(infrastructure, workload, hub, List.of("-XX:AOTCacheOutput=" + CACHE));
    double trainingSeconds = (System.nanoTime() - trainingStart) / 1e9;
    assertThat(CACHE).as("AOT cache written at the training run's exit").isNotEmptyFile();
    long cacheBytes = Files.size(CACHE);

    List<Run> without = new ArrayList<>();
    List<Run> with = new ArrayList<>();
    for (int r = 0; r < RUNS; r++) {
      without.add(run(infrastructure, workload, hub, List.of()));
      with.add(run(infrastructure, workload, hub, List.of("-XX:AOTCache=" + CACHE)));
    }
    BenchReport.section(
        "warm-up", report(without, with, training, trainingSeconds, cacheBytes, workload));
  }

  /**
   * The signed bodies of every run: batches of updates, channel after channel, nonce after nonce.
   */
  record Workload(
      List<ChannelId> ids, PrivateKey keyA, List<PrivateKey> keysB, List<String> batches) {}

  private Workload workload(Eip712 eip712) {
    TestData data = new TestData(7);
    PrivateKey keyA = data.privateKey();
    List<PrivateKey> keysB = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      keysB.add(data.privateKey());
    }
    List<ChannelId> ids = new ArrayList<>();
    List<String> authorizations = new ArrayList<>();
    for (int i = 0; i < CHANNELS; i++) {
      ChannelId id = data.channelId();
      ids.add(id);
      authorizations.add(
          eip712
              .signHunterAuthorization(
                  HunterAuthorization.of(id, Address.of(Delegating.HUNTER)),
                  keysB.get(i % keysB.size()))
              .hex());
    }
    int perRound = CHANNELS / BATCH;
    int count = STATES / BATCH;
    // batch b holds channels [(b % perRound) * BATCH, +BATCH) at nonce 1 + b / perRound
    List<String> batches =
        IntStream.range(0, count)
            .parallel()
            .mapToObj(
                b -> {
                  long nonce = 1 + b / perRound;
                  int from = (b % perRound) * BATCH;
                  List<Map<String, Object>> items = new ArrayList<>();
                  for (int i = from; i < from + BATCH; i++) {
                    var signed =
                        eip712.coSign(
                            ChannelState.of(
                                ids.get(i),
                                nonce,
                                HALF.subtract(BigInteger.valueOf(nonce)),
                                HALF.add(BigInteger.valueOf(nonce))),
                            keyA,
                            keysB.get(i % keysB.size()));
                    items.add(Delegating.body(signed, authorizations.get(i)));
                  }
                  try {
                    return json.writeValueAsString(Map.of("delegations", items));
                  } catch (IOException impossible) {
                    throw new UncheckedIOException(impossible);
                  }
                })
            .toList();
    return new Workload(ids, keyA, keysB, batches);
  }

  /**
   * One fresh watcher process on emptied tables, loaded for {@link #SECONDS} (or {@link
   * #TRAINING_SECONDS} when it writes the cache) or until every batch is sent, then stopped.
   */
  private Run run(
      TestInfrastructure infrastructure, Workload workload, String hub, List<String> jvmOptions)
      throws Exception {
    boolean training = jvmOptions.stream().anyMatch(o -> o.startsWith("-XX:AOTCacheOutput"));
    boolean cached = jvmOptions.stream().anyMatch(o -> o.startsWith("-XX:AOTCache="));
    long launched = System.nanoTime();
    VigilProcess vigil =
        VigilProcess.launch(
            training ? "warmup-training" : cached ? "warmup-cached" : "warmup-plain",
            config(infrastructure, hub),
            jvmOptions);
    try {
      vigil.awaitReady(VigilProcess.STARTUP);
      double startup = (System.nanoTime() - launched) / 1e9;
      // after the start, which creates the tables on a new database
      resetTables(infrastructure.postgres(), workload);
      int seconds = training ? TRAINING_SECONDS : SECONDS;
      Run run = load(vigil, workload, cached, startup, seconds);
      System.out.printf(
          Locale.ROOT,
          "WARMUP-BENCH %s: startup %.1f s, %d states in %d s, steady %.0f/s, 90%% after %d s"
              + " (%d states)%n",
          training ? "training" : cached ? "with cache" : "without cache",
          startup,
          run.states(),
          run.statesPerSecond().length,
          run.steady(),
          run.secondsToSteady(),
          run.statesToSteady());
      if (training) {
        // SIGTERM; the JVM exits normally and then assembles the cache, which takes a while.
        ProcessHandle.of(vigil.pid()).ifPresent(ProcessHandle::destroy);
        vigil.awaitExit(Duration.ofMinutes(10));
      }
      return run;
    } finally {
      vigil.close();
    }
  }

  private static Map<String, String> config(TestInfrastructure infrastructure, String hub) {
    String topics = "warmup-" + UUID.randomUUID().toString().substring(0, 8);
    // The same exceptions to the defaults as the watchtower bench, whose workload this is.
    return ProcessSettings.roles("watcher")
        .shared(infrastructure.postgres().jdbcUrl())
        .chain(infrastructure.anvil().rpcUrl(), hub)
        .watchtower(Delegating.HUNTER, Anvil.DEV_KEYS.get(8))
        .with(WatchtowerBench::openedUp)
        .topics(topics)
        .map();
  }

  /**
   * Empties the watcher's tables and records the bench's channels as open on chain, as the chain
   * follower would have (see the watchtower bench), so every run starts from the same database.
   */
  private static void resetTables(PostgresServer postgres, Workload workload) throws Exception {
    try (Connection connection =
        DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password())) {
      try (Statement sql = connection.createStatement()) {
        sql.execute("truncate watcher_state, watcher_channel");
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "insert into watcher_channel (channel_id, party_a, party_b, total, bounty, status,"
                  + " opened_block) values (?, ?, ?, 1000000000000000000, 0, 'OPEN', ?)")) {
        for (int i = 0; i < workload.ids().size(); i++) {
          insert.setBytes(1, workload.ids().get(i).toBytes());
          insert.setBytes(2, workload.keyA().address().toBytes());
          insert.setBytes(3, workload.keysB().get(i % workload.keysB().size()).address().toBytes());
          insert.setBytes(4, new byte[32]);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }

  /**
   * Posts the workload's batches, {@link #BATCHES_IN_FLIGHT} at a time, and samples the accepted
   * states and Vigil's CPU time every second. Every delegation must be accepted as new.
   */
  private Run load(VigilProcess vigil, Workload workload, boolean cached, double startup, int limit)
      throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4))
            .build();
    URI uri = URI.create(vigil.baseUrl() + "/v1/watcher/delegations/batch");
    AtomicInteger next = new AtomicInteger();
    AtomicLong accepted = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    List<String> batches = workload.batches();
    ExecutorService senders = Executors.newFixedThreadPool(BATCHES_IN_FLIGHT);
    List<Future<?>> running = new ArrayList<>();
    for (int s = 0; s < BATCHES_IN_FLIGHT; s++) {
      running.add(
          senders.submit(
              () -> {
                int b;
                while (!stop.get() && (b = next.getAndIncrement()) < batches.size()) {
                  HttpResponse<String> response =
                      http.send(
                          HttpRequest.newBuilder(uri)
                              .header("Content-Type", "application/json")
                              .POST(HttpRequest.BodyPublishers.ofString(batches.get(b)))
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
                  if (response.statusCode() != 200) {
                    throw new IllegalStateException(response.statusCode() + " " + response.body());
                  }
                  for (JsonNode result : json.readTree(response.body()).get("results")) {
                    if (result.get("status").asInt() != 201) {
                      throw new IllegalStateException("refused in a batch: " + result);
                    }
                    accepted.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    List<Long> counts = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    long start = System.nanoTime();
    long lastCount = 0;
    double lastCpu = cpuSeconds(vigil.pid());
    for (int second = 1; second <= limit; second++) {
      long due = start + second * 1_000_000_000L;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        Thread.sleep(Math.max(1, wait / 1_000_000));
      }
      if (next.get() >= batches.size()) {
        // The workload ran out during this second, and its last batches drained with fewer in
        // flight: its rate is the end of the load, not the process's, so it is not counted.
        break;
      }
      long count = accepted.get();
      double used = cpuSeconds(vigil.pid());
      counts.add(count - lastCount);
      cpu.add(used - lastCpu);
      lastCount = count;
      lastCpu = used;
      if (running.stream().allMatch(Future::isDone)) {
        break;
      }
    }
    stop.set(true);
    for (Future<?> sender : running) {
      sender.get();
    }
    senders.shutdown();
    http.close();
    long sent = Math.min(next.get(), batches.size());
    assertThat(accepted.get()).as("every delegation sent accepted as new").isEqualTo(sent * BATCH);
    return new Run(
        cached,
        startup,
        counts.stream().mapToLong(Long::longValue).toArray(),
        cpu.stream().mapToDouble(Double::doubleValue).toArray(),
        accepted.get());
  }

  /** User and system CPU seconds of a process so far, from /proc (clock ticks of 1/100 s). */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String report(
      List<Run> without,
      List<Run> with,
      Run training,
      double trainingSeconds,
      long cacheBytes,
      Workload workload) {
    StringBuilder text = new StringBuilder("## Warm-up of a fresh process\n\n");
    text.append(
        String.format(
            Locale.ROOT,
            """
            `WarmupBench`: a fresh Vigil process with only the `watcher` role takes co-signed \
            state updates in batches of %d (`POST /v1/watcher/delegations/batch`, %d in flight, \
            %d channels recorded as open on chain, nonce after nonce; the watchtower bench's \
            intake), for at most %d s or %,d states. Accepted states are counted every second; \
            the second in which the workload runs out is left out (its last batches drain with \
            fewer in flight, which says nothing of the process). The steady throughput of a run is the median of its one-second rates over the last \
            third of the run; the time to steady is the first second from which the %d-second \
            average stays at or above %.0f%% of it until the end. Every run is a new process on \
            the same PostgreSQL, its watcher tables emptied once it is ready; %d runs of each \
            side, alternating, starting without the cache. Startup is the time from launching the \
            process until its readiness check is UP. Vigil's CPU time per 1,000 states (from \
            /proc) is given for the first 10 s and the last third, as the machine's load moves \
            raw rates.

            The cache: a training run of the same packaged application under the same load for \
            %d s with `-XX:AOTCacheOutput`, stopped with SIGTERM (the JVM exits normally and \
            writes the cache); the runs with the cache start with `-XX:AOTCache`. JDK 25 keeps \
            the classes loaded and linked, and the method profiles, of the training run. \
            Training: %.0f s from launch until the cache was written (%,d states sent, startup \
            %.1f s); cache %.0f MiB.

            Target: with the cache, a fresh process reaches 90%% of its steady throughput sooner \
            than without it (each run with the cache against the run without it just before).

            """,
            BATCH,
            BATCHES_IN_FLIGHT,
            workload.ids().size(),
            SECONDS,
            workload.batches().size() * (long) BATCH,
            WINDOW,
            SHARE * 100,
            RUNS,
            TRAINING_SECONDS,
            trainingSeconds,
            training.states(),
            training.startupSeconds(),
            cacheBytes / 1048576.0));
    text.append(
        "| run | cache | startup (s) | steady (states/s) | time to 90 % (s) | states until then |"
            + " CPU s per 1,000 states (first 10 s → last third) | sooner than the run before |\n"
            + "|---|---|---|---|---|---|---|---|\n");
    for (int r = 0; r < without.size(); r++) {
      Run plain = without.get(r);
      Run cached = with.get(r);
      text.append(row(2 * r + 1, plain, "—"));
      text.append(
          row(
              2 * r + 2,
              cached,
              cached.secondsToSteady() < plain.secondsToSteady() ? "yes" : "**no (miss)**"));
    }
    text.append("\n| measure | without cache | with cache | with / without |\n|---|---|---|---|\n");
    summary(text, "time to 90 % of steady (s)", without, with, r -> r.secondsToSteady());
    summary(text, "states until then", without, with, r -> r.statesToSteady());
    summary(text, "startup to ready (s)", without, with, Run::startupSeconds);
    summary(text, "steady throughput (states/s)", without, with, Run::steady);
    summary(text, "CPU s per 1,000 states, first 10 s", without, with, r -> r.cpuPerThousand()[0]);
    text.append("\nMedian (min–max) of the runs of each side; the ratio is of the medians.\n");
    text.append("\nOne-second rates of each run, averaged over each 10 s:\n\n");
    for (int r = 0; r < without.size(); r++) {
      text.append("- run ").append(2 * r + 1).append(" (without): ").append(trend(without.get(r)));
      text.append("\n- run ").append(2 * r + 2).append(" (with): ").append(trend(with.get(r)));
      text.append('\n');
    }
    return text.toString();
  }

  private static String row(int number, Run run, String sooner) {
    double[] cpu = run.cpuPerThousand();
    return String.format(
        Locale.ROOT,
        "| %d | %s | %.1f | %.0f | %d | %,d | %.3f → %.3f | %s |%n",
        number,
        run.cached() ? "yes" : "no",
        run.startupSeconds(),
        run.steady(),
        run.secondsToSteady(),
        run.statesToSteady(),
        cpu[0],
        cpu[1],
        sooner);
  }

  private static void summary(
      StringBuilder text,
      String name,
      List<Run> without,
      List<Run> with,
      java.util.function.ToDoubleFunction<Run> measure) {
    double[] a = without.stream().mapToDouble(measure).sorted().toArray();
    double[] b = with.stream().mapToDouble(measure).sorted().toArray();
    double ma = a[a.length / 2];
    double mb = b[b.length / 2];
    text.append(
        String.format(
            Locale.ROOT,
            "| %s | %s (%s–%s) | %s (%s–%s) | %.2f |%n",
            name,
            figure(ma),
            figure(a[0]),
            figure(a[a.length - 1]),
            figure(mb),
            figure(b[0]),
            figure(b[b.length - 1]),
            ma == 0 ? Double.NaN : mb / ma));
  }

  private static String figure(double value) {
    return Math.abs(value) >= 100
        ? String.format(Locale.ROOT, "%,.0f", value)
        : String.format(Locale.ROOT, "%.3g", value);
  }

  private static String trend(Run run) {
    StringBuilder line = new StringBuilder();
    long[] rates = run.statesPerSecond();
    for (int from = 0; from < rates.length; from += 10) {
      int to = Math.min(rates.length, from + 10);
      long sum = 0;
      for (int i = from; i < to; i++) {
        sum += rates[i];
      }
      line.append(from == 0 ? "" : ", ").append(sum / (to - from));
    }
    return line.append(" states/s").toString();
  }
}
