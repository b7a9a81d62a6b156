package io.vigil.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.reliability.SoakGauge.Reading;
import io.vigil.reliability.SoakTally.Counts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The soak driver: starts a {@link SoakStack}, runs the {@link SoakLoad} for a warm-up and then for
 * the measured period, and takes a {@link SoakGauge} reading at the start of the measured period
 * (after the warm-up, with the load running) and at its end (load still running).
 */
final class SoakRun {

  private SoakRun() {}

  /** What one run measured. */
  record Result(
      int channels,
      Duration warmUp,
      Duration measured,
      Reading start,
      Reading end,
      List<Counts> load,
      String samples) {

    static double ratio(double start, double end) {
      return start == 0 ? (end == 0 ? 1 : Double.POSITIVE_INFINITY) : end / start;
    }

    double heapRatio() {
      return ratio(start.heapLiveBytes(), end.heapLiveBytes());
    }

    double threadRatio() {
      return ratio(start.threads(), end.threads());
    }

    double connectionRatio() {
      return ratio(start.databaseConnections(), end.databaseConnections());
    }

    long served() {
      return end.served() - start.served();
    }

    long served5xx() {
      return end.served5xx() - start.served5xx();
    }

    /** Counts of the kinds of request Vigil answers (mining talks to anvil only). */
    List<Counts> vigilLoad() {
      return load.stream().filter(counts -> !counts.kind().equals("mined block")).toList();
    }

    String markdown(String bound) {
      double seconds = measured.toMillis() / 1000.0;
      StringBuilder text = new StringBuilder();
      text.append(
          String.format(
              Locale.ROOT,
              """
              | measure | start | end | end ÷ start | bound |
              |---|---:|---:|---:|---|
              | heap live after a full GC (MiB) | %.1f | %.1f | %.3f | %s |
              | live threads | %d | %d | %.3f | %s |
              | open database connections | %d | %d | %.3f | %s |
              | open sockets | %d | %d | %.3f | reported |
              | open file descriptors | %d | %d | %.3f | reported |
              | database size per channel (KiB) | %.1f | %.1f | %.3f | reported |
              | watcher tables per channel (KiB) | %.1f | %.1f | %.3f | reported |
              | channels known to the watcher | %d | %d | | |

              """,
              mib(start.heapLiveBytes()),
              mib(end.heapLiveBytes()),
              heapRatio(),
              bound,
              start.threads(),
              end.threads(),
              threadRatio(),
              bound,
              start.databaseConnections(),
              end.databaseConnections(),
              connectionRatio(),
              bound,
              start.sockets(),
              end.sockets(),
              ratio(start.sockets(), end.sockets()),
              start.descriptors(),
              end.descriptors(),
              ratio(start.descriptors(), end.descriptors()),
              start.databaseBytesPerChannel() / 1024,
              end.databaseBytesPerChannel() / 1024,
              ratio(start.databaseBytesPerChannel(), end.databaseBytesPerChannel()),
              start.watcherBytesPerChannel() / 1024,
              end.watcherBytesPerChannel() / 1024,
              ratio(start.watcherBytesPerChannel(), end.watcherBytesPerChannel()),
              start.channels(),
              end.channels()));
      text.append(
          """
          | table (rows are PostgreSQL's estimate) | rows at start | rows at end | KiB at start \
          | KiB at end |
          |---|---:|---:|---:|---:|
          """);
      end.tables()
          .forEach(
              (table, size) -> {
                SoakGauge.TableSize before =
                    start.tables().getOrDefault(table, new SoakGauge.TableSize(0, 0));
                if (before.rows() != size.rows() || before.bytes() != size.bytes()) {
                  text.append(
                      String.format(
                          Locale.ROOT,
                          "| %s | %d | %d | %.0f | %.0f |%n",
                          table,
                          before.rows(),
                          size.rows(),
                          before.bytes() / 1024.0,
                          size.bytes() / 1024.0));
                }
              });
      text.append(
          """

          | load during the measured period | requests | per second | 2xx | 4xx | 5xx | no answer |
          |---|---:|---:|---:|---:|---:|---:|
          """);
      for (Counts counts : load) {
        text.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %.1f | %d | %d | %d | %d |%n",
                counts.kind(),
                counts.requests(),
                counts.requests() / seconds,
                counts.successes(),
                counts.refusals(),
                counts.serverErrors(),
                counts.failures()));
      }
      text.append(
          String.format(
              Locale.ROOT,
              "%nRequests served by the process in the measured period (its"
                  + " `http_server_requests` meter): %d, %.1f/s; answered 5xx: %d.%n",
              served(),
              served() / seconds,
              served5xx()));
      return text.toString();
    }

    private static double mib(long bytes) {
      return bytes / (1024.0 * 1024.0);
    }
  }

  /**
   * Runs the load on {@code channels} delegated channels for {@code warmUp}, then {@code measured}.
   */
  static Result run(int channels, Duration warmUp, Duration measured) throws InterruptedException {
    try (SoakStack stack = SoakStack.start(channels)) {
      SoakLoad load = new SoakLoad(stack);
      SoakGauge gauge = new SoakGauge(stack);
      try {
        load.start();
        hold(stack, warmUp);
        List<Counts> before = counts(load);
        long startedAt = System.nanoTime();
        Reading start = gauge.read();
        print("start", start, stack);
        hold(stack, measured.minusNanos(System.nanoTime() - startedAt));
        Reading end = gauge.read();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startedAt);
        print("end", end, stack);
        List<Counts> after = counts(load);
        List<Counts> period = new ArrayList<>();
        StringBuilder samples = new StringBuilder();
        for (int i = 0; i < after.size(); i++) {
          period.add(after.get(i).minus(before.get(i)));
          if (!after.get(i).samples().isEmpty()) {
            samples.append(after.get(i).samples()).append('\n');
          }
        }
        return new Result(channels, warmUp, elapsed, start, end, period, samples.toString());
      } finally {
        load.stop();
      }
    }
  }

  /**
   * The verdict of a run: every request of the load answered with a success (no 5xx, no refusal, no
   * request left without an answer), and heap after GC, live threads and database connections at
   * the end at most {@code growth} (0.10 is 10%) above the start. A fall is not bounded: it cannot
   * be a leak.
   */
  static void assertSteady(Result result, double growth) {
    assertThat(result.load())
        .as("the load's answers:\n" + result.samples())
        .allSatisfy(
            counts -> {
              assertThat(counts.successes()).as(counts.kind() + " successes").isPositive();
              assertThat(counts.serverErrors()).as(counts.kind() + " 5xx").isZero();
              assertThat(counts.refusals()).as(counts.kind() + " 4xx").isZero();
              assertThat(counts.failures()).as(counts.kind() + " without answer").isZero();
            });
    assertThat(result.served5xx()).as("5xx answered by the process").isZero();
    assertThat(result.end().channels()).isEqualTo(result.start().channels());
    assertThat(result.heapRatio()).as("heap after GC, end ÷ start").isLessThanOrEqualTo(1 + growth);
    assertThat(result.threadRatio())
        .as("live threads, end ÷ start")
        .isLessThanOrEqualTo(1 + growth);
    assertThat(result.connectionRatio())
        .as(
            "database connections, end ÷ start (%d at the start, %d at the end)",
            result.start().databaseConnections(), result.end().databaseConnections())
        .isLessThanOrEqualTo(1 + growth);
  }

  private static List<Counts> counts(SoakLoad load) {
    return load.tallies().stream().map(SoakTally::counts).toList();
  }

  /** Lets the load run for {@code period}, failing at once if the process dies meanwhile. */
  private static void hold(SoakStack stack, Duration period) throws InterruptedException {
    long until = System.nanoTime() + Math.max(0, period.toNanos());
    while (System.nanoTime() < until) {
      if (!stack.vigil.isAlive()) {
        throw new AssertionError("Vigil exited during the soak run:\n" + stack.vigil.output());
      }
      Thread.sleep(Math.min(5_000, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
    }
  }

  private static void print(String when, Reading reading, SoakStack stack) {
    System.out.printf(Locale.ROOT, "soak %s: %s%n", when, reading);
    // The meters behind the figures, for a reader of the test log.
    stack
        .vigil
        .getManagement("/q/metrics")
        .body()
        .lines()
        .filter(
            line ->
                line.startsWith("agroal_")
                    || line.startsWith("http_server_requests_seconds_count")
                    || line.startsWith("jvm_threads_states"))
        .forEach(line -> System.out.println("soak " + when + " meter: " + line));
  }
}
