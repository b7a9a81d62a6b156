package io.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vigil.chain.ChainFollower;
import io.vigil.chain.ChainMonitorConfig;
import io.vigil.chain.ChainStore;
import io.vigil.chain.HubLogReader;
import io.vigil.core.chain.BlockRef;
import io.vigil.core.chain.ChainBlock;
import io.vigil.core.chain.ChainClient;
import io.vigil.core.chain.ChainListener;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.messaging.ChannelEvent;
import io.vigil.testsupport.Anvil;
import io.vigil.testsupport.HubFixture;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * How fast the chain follower catches up after missing 10,000 blocks, against the limit of one raw
 * eth_getLogs over the same blocks. Plain JUnit: this JVM runs only the follower, its production
 * reader and client, built with the production defaults, against a private anvil.
 */
class CatchUpBench {

  /** Blocks mined while the follower is away, in every run. */
  private static final int MISSED = 10_000;

  /** Channels opened inside each run's missed blocks, spread over the range. */
  private static final int OPENS = 3;

  /**
   * Measured runs (default 3, the minimum): anvil mines about 50 blocks a second once its
   * chain is long, so each run spends most of its time mining its 10,000 blocks.
   */
  private static final int RUNS = Integer.getInteger("catch-up-bench.runs", 3);

  /** The follower's round size, as in io.vigil.chain.ChainMonitor. */
  private static final int BLOCKS_PER_ROUND = 10_000;

  /** The follower must reach this share of the raw eth_getLogs rate. */
  private static final double TARGET = 0.80;

  private static final Pattern LOG_INDEX = Pattern.compile("\"logIndex\"");

  private static final Pattern HASH = Pattern.compile("\"stateRoot\"");

  /**
   * Timings of each side per run (default 5, alternating the order): the first catch-up after the
   * blocks were mined is as fast as a repeated one over the same blocks, since anvil keeps them in
   * memory, so a run's figure can be the median of several.
   */
  private static final int REPEATS = Integer.getInteger("catch-up-bench.repeats", 5);

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** One run: its blocks and logs, and each side's median time over its repeats. */
  private record Run(
      long blocks, int events, double rawSeconds, double floorSeconds, double followerSeconds) {
    double rawRate() {
      return blocks / rawSeconds;
    }

    double floorRate() {
      return blocks / floorSeconds;
    }

    double followerRate() {
      return blocks / followerSeconds;
    }

    double ratio() {
      return rawSeconds / followerSeconds;
    }

    double floorRatio() {
      return rawSeconds / floorSeconds;
    }

    double followerToFloor() {
      return floorSeconds / followerSeconds;
    }
  }

  @Test
  void catchUp() {
    try (Anvil anvil = Anvil.start(List.of())) {
      HubFixture hub = HubFixture.deploy(anvil);
      SmallRyeConfig config =
          new SmallRyeConfigBuilder()
              .withConverter(Duration.class, 100, new DurationConverter())
              .withMapping(VigilConfig.class)
              .withMapping(ChainMonitorConfig.class)
              .withDefaultValue("vigil.chain.rpc-urls", anvil.rpcUrl())
              .withDefaultValue("vigil.chain.hub-address", hub.hub().hex())
              .build();
      ChainMonitorConfig monitor = config.getConfigMapping(ChainMonitorConfig.class);
      ChainFollower.Settings settings = ChainFollower.Settings.of(monitor);
      try (ChainClient client =
          ChainClient.create(
              ChainClient.Settings.from(config.getConfigMapping(VigilConfig.class)),
              new SimpleMeterRegistry())) {
        HubLogReader reader = new HubLogReader(client);
        // Uncounted: the first catch-up compiles the follower's paths.
        run(anvil, hub, reader, settings, 2_000);
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
          runs.add(run(anvil, hub, reader, settings, MISSED));
        }
        BenchReport.section("catch-up", report(runs, settings, client.currentLogRange()));
      }
      hub.chain().close();
    }
  }

  /**
   * Mines {@code missed} fresh blocks with {@value #OPENS} channel opens among them, then times one
   * raw eth_getLogs over the blocks the follower will connect, and the follower catching up from a
   * cursor just below them to the confirmed head.
   */
  private static Run run(
      Anvil anvil,
      HubFixture hub,
      HubLogReader reader,
      ChainFollower.Settings settings,
      int missed) {
    long from = reader.headNumber() + 1;
    int step = missed / (OPENS + 1);
    int mined = 0;
    for (int open = 0; open < OPENS; open++) {
      mined += mine(anvil, step);
      hub.open(
          HubFixture.devKey(1),
          HubFixture.devKey(2),
          HubFixture.ETHER,
          BigInteger.ZERO,
          3600,
          BigInteger.ZERO);
      mined++;
    }
    mine(anvil, missed - mined);
    long head = reader.headNumber();
    long to = head - settings.confirmations();

    String raw = rawLogs(anvil, hub, from, to);
    int rawEvents = count(LOG_INDEX.matcher(raw));
    assertThat(rawEvents).isGreaterThanOrEqualTo(OPENS);
    BlockRef start = reader.block(from - 1).orElseThrow();
    double[] rawSeconds = new double[REPEATS];
    double[] floorSeconds = new double[REPEATS];
    double[] followerSeconds = new double[REPEATS];
    for (int repeat = 0; repeat < REPEATS; repeat++) {
      // Each side goes first, second and third in turn.
      for (int side = 0; side < 3; side++) {
        switch ((side + repeat) % 3) {
          case 0 -> rawSeconds[repeat] = timeRaw(anvil, hub, from, to);
          case 1 -> floorSeconds[repeat] = timeFloor(anvil, hub, from, to, head, settings);
          default -> followerSeconds[repeat] = timeFollower(reader, start, settings, to, rawEvents);
        }
      }
    }
    return new Run(
        to - from + 1,
        rawEvents,
        median(rawSeconds),
        median(floorSeconds),
        median(followerSeconds));
  }

  private static String rawLogs(Anvil anvil, HubFixture hub, long from, long to) {
    String raw =
        anvil.rpc(
            "eth_getLogs",
            "[{\"fromBlock\":\"0x"
                + Long.toHexString(from)
                + "\",\"toBlock\":\"0x"
                + Long.toHexString(to)
                + "\",\"address\":\""
                + hub.hub().hex()
                + "\"}]");
    assertThat(raw).contains("\"result\"");
    return raw;
  }

  /** The limit: one bare eth_getLogs over the blocks the follower connects. */
  private static double timeRaw(Anvil anvil, HubFixture hub, long from, long to) {
    long start = System.nanoTime();
    rawLogs(anvil, hub, from, to);
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * The floor of what the follower must read, without the follower: the same bare eth_getLogs and,
   * at the same time, the one JSON-RPC batch of headers reorg safety needs (the cursor's and the
   * newest ones down to the safe depth), until both are answered.
   */
  private static double timeFloor(
      Anvil anvil, HubFixture hub, long from, long to, long head, ChainFollower.Settings settings) {
    StringBuilder batch = new StringBuilder("[");
    List<Long> numbers = new ArrayList<>();
    numbers.add(from - 1);
    for (long n = Math.max(from, head - settings.safeDepth() + 1); n <= head; n++) {
      numbers.add(n);
    }
    for (int i = 0; i < numbers.size(); i++) {
      batch
          .append(i == 0 ? "" : ",")
          .append("{\"jsonrpc\":\"2.0\",\"id\":")
          .append(i)
          .append(",\"method\":\"eth_getBlockByNumber\",\"params\":[\"0x")
          .append(Long.toHexString(numbers.get(i)))
          .append("\",false]}");
    }
    batch.append(']');
    HttpRequest headers =
        HttpRequest.newBuilder(URI.create(anvil.rpcUrl()))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(batch.toString()))
            .build();
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> headerAnswer =
        HTTP.sendAsync(headers, HttpResponse.BodyHandlers.ofString());
    rawLogs(anvil, hub, from, to);
    String answered = headerAnswer.join().body();
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(HASH.matcher(answered).results().count())
        .as("a header for each number asked")
        .isGreaterThanOrEqualTo(numbers.size());
    return seconds;
  }

  /** The production follower from a cursor just below the blocks to the confirmed head. */
  private static double timeFollower(
      HubLogReader reader,
      BlockRef cursor,
      ChainFollower.Settings settings,
      long to,
      int rawEvents) {
    CursorStore store = new CursorStore(cursor);
    EventCount heard = new EventCount();
    ChainFollower.Progress progress;
    double seconds;
    ChainFollower follower = new ChainFollower(reader, store, List.of(heard), settings);
    long start = System.nanoTime();
    do {
      progress = follower.advance(BLOCKS_PER_ROUND);
    } while (!progress.caughtUp());
    seconds = (System.nanoTime() - start) / 1e9;
    assertThat(progress.cursor().orElseThrow().number()).isEqualTo(to);
    assertThat(progress.disconnected()).isZero();
    assertThat(heard.events).as("every hub log of the range, once").isEqualTo(rawEvents);
    return seconds;
  }

  /** Mines in steps: one call for thousands of blocks can outlast the RPC timeout. */
  private static int mine(Anvil anvil, int blocks) {
    for (int left = blocks; left > 0; left -= 100) {
      anvil.mine(Math.min(100, left));
    }
    return blocks;
  }

  private static int count(Matcher matcher) {
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }

  private static String report(List<Run> runs, ChainFollower.Settings settings, long logRange) {
    StringBuilder md = new StringBuilder();
    md.append("## Chain follower catch-up after ")
        .append(String.format("%,d", MISSED))
        .append(" missed blocks\n\n")
        .append("Target: the follower connects the missed blocks at no less than ")
        .append(Math.round(TARGET * 100))
        .append(" % of the rate of one raw `eth_getLogs` over the same blocks (the limit), ")
        .append("measured in the same run on a private anvil. Each run mines ")
        .append(String.format("%,d", MISSED))
        .append(" fresh blocks holding ")
        .append(OPENS)
        .append(" channel opens (one `ChannelOpened` log each), the rest empty; the follower ")
        .append("starts from a cursor just below them and stops at the confirmed head (")
        .append(settings.confirmations())
        .append(" confirmations), so raw call and follower cover the same ")
        .append(String.format("%,d", runs.get(0).blocks()))
        .append(" blocks. An uncounted catch-up of 2,000 blocks runs first. Each run times each ")
        .append("side ")
        .append(REPEATS)
        .append(" times over its blocks, each side first, second and third in turn, and gives ")
        .append("their median: one catch-up of 10,000 mostly empty blocks lasts tens of ")
        .append("milliseconds, so a single timing is mostly noise.\n\n")
        .append("How the follower reads (production defaults): the node's head ")
        .append("(`eth_blockNumber`, as after a restart, when no head has been pushed yet); then ")
        .append("one JSON-RPC batch holding the header at its cursor, the one ending the old part ")
        .append("and those of the newest ")
        .append(settings.safeDepth())
        .append(" blocks, the old part's logs in `eth_getLogs` ranges of at most the log range (")
        .append(String.format("%,d", logRange))
        .append(" blocks, at most ")
        .append(settings.rangesPerStep())
        .append(" ranges per step) and the newest blocks' logs in one more range; then the hub's ")
        .append("logs by block hash, only for a newest block whose header bloom admits a hub log ")
        .append("that the range did not hold. Store: in memory (the follower's reads are ")
        .append("measured, not PostgreSQL).\n\n")
        .append("The **floor** is what the follower must read at least, made by the bench ")
        .append("without the follower: the same bare `eth_getLogs` and, at the same time, one ")
        .append("JSON-RPC batch of the ")
        .append(settings.safeDepth() + 1)
        .append(" headers reorg safety needs (the cursor's and the newest ")
        .append(settings.safeDepth())
        .append("), until both are answered.\n\n")
        .append("| run | blocks | hub logs | raw eth_getLogs (limit) | floor | follower |")
        .append(" follower / raw | target 80 % | floor / raw | follower / floor |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      md.append(
          String.format(
              "| %d | %,d | %d | %,.0f blocks/s (%.1f ms) | %,.0f blocks/s (%.1f ms) |"
                  + " %,.0f blocks/s (%.1f ms) | %.0f %% | %s | %.0f %% | %.0f %% |%n",
              i + 1,
              run.blocks(),
              run.events(),
              run.rawRate(),
              run.rawSeconds() * 1e3,
              run.floorRate(),
              run.floorSeconds() * 1e3,
              run.followerRate(),
              run.followerSeconds() * 1e3,
              run.ratio() * 100,
              run.ratio() >= TARGET ? "pass" : "miss",
              run.floorRatio() * 100,
              run.followerToFloor() * 100));
    }
    double[] raw = runs.stream().mapToDouble(Run::rawRate).sorted().toArray();
    double[] floor = runs.stream().mapToDouble(Run::floorRate).sorted().toArray();
    double[] follower = runs.stream().mapToDouble(Run::followerRate).sorted().toArray();
    double[] ratio = runs.stream().mapToDouble(Run::ratio).sorted().toArray();
    double[] floorRatio = runs.stream().mapToDouble(Run::floorRatio).sorted().toArray();
    double[] toFloor = runs.stream().mapToDouble(Run::followerToFloor).sorted().toArray();
    long missed = runs.stream().filter(run -> run.ratio() < TARGET).count();
    md.append("\n| measure | median | min | max |\n|---|---|---|---|\n")
        .append(
            String.format(
                "| raw eth_getLogs (limit) | %,.0f blocks/s | %,.0f | %,.0f |%n",
                median(raw), raw[0], raw[raw.length - 1]))
        .append(
            String.format(
                "| floor (raw eth_getLogs with the header batch) | %,.0f blocks/s | %,.0f | %,.0f"
                    + " |%n",
                median(floor), floor[0], floor[floor.length - 1]))
        .append(
            String.format(
                "| follower catch-up | %,.0f blocks/s | %,.0f | %,.0f |%n",
                median(follower), follower[0], follower[follower.length - 1]))
        .append(percentRow("follower / raw", ratio))
        .append(percentRow("floor / raw", floorRatio))
        .append(percentRow("follower / floor", toFloor))
        .append('\n')
        .append(
            missed == 0
                ? "Every run met the target.\n"
                : missed + " of " + runs.size() + " runs missed the target (see the table).\n");
    return md.toString();
  }

  private static String percentRow(String name, double[] sorted) {
    return String.format(
        "| %s | %.0f %% | %.0f %% | %.0f %% |%n",
        name, median(sorted) * 100, sorted[0] * 100, sorted[sorted.length - 1] * 100);
  }

  private static double median(double[] sorted) {
    double[] copy = Arrays.copyOf(sorted, sorted.length);
    Arrays.sort(copy);
    int middle = copy.length / 2;
    return copy.length % 2 == 1 ? copy[middle] : (copy[middle - 1] + copy[middle]) / 2;
  }

  /** Counts the events the follower announces. */
  private static final class EventCount implements ChainListener {
    int events;

    @Override
    public void blockConnected(ChainBlock block) {
      events += block.events().size();
    }

    @Override
    public void blockDisconnected(ChainBlock block) {
      throw new AssertionError("no reorg in this bench: " + block);
    }
  }

  /** Keeps only the cursor: the bench measures reads, and no reorg happens. */
  private static final class CursorStore implements ChainStore {
    private BlockRef cursor;

    CursorStore(BlockRef cursor) {
      this.cursor = cursor;
    }

    @Override
    public Optional<BlockRef> cursor() {
      return Optional.of(cursor);
    }

    @Override
    public void connect(BlockRef block, List<ChannelEvent> events, int window) {
      cursor = block;
    }

    @Override
    public List<ChannelEvent> eventsOf(BlockRef block) {
      return List.of();
    }

    @Override
    public boolean disconnect(BlockRef block) {
      return false;
    }
  }
}
