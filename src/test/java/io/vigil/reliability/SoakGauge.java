package io.vigil.reliability;

import io.vigil.testsupport.TestInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads what a leak would make grow in the soak's Vigil process and its database: the live heap
 * after a full collection, live threads, open database connections, open sockets and descriptors,
 * the database's size, and the requests the process has served.
 */
final class SoakGauge {

  /** Heap readings per measurement; their median is the figure, so one odd reading is ignored. */
  static final int HEAP_SAMPLES = 3;

  private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

  private final SoakStack stack;

  SoakGauge(SoakStack stack) {
    this.stack = stack;
  }

  /** The process and its database, one reading. */
  record Reading(
      long heapLiveBytes,
      long threads,
      long databaseConnections,
      long sockets,
      long descriptors,
      long databaseBytes,
      long watcherBytes,
      long channels,
      long served,
      long served5xx,
      Map<String, TableSize> tables) {

    double databaseBytesPerChannel() {
      return (double) databaseBytes / channels;
    }

    double watcherBytesPerChannel() {
      return (double) watcherBytes / channels;
    }
  }

  /**
   * Threads, connections and descriptors first, then the heap: the full collections pause the
   * process, and requests piling up behind a pause could open connections a steady load does not.
   */
  Reading read() throws InterruptedException {
    String metrics = stack.vigil.getManagement("/q/metrics").body();
    long threads = (long) sample(metrics, "jvm_threads_live_threads", "");
    long connections = databaseConnections();
    Path fds = Path.of("/proc", String.valueOf(stack.vigil.pid()), "fd");
    long sockets = descriptors(fds, true);
    long descriptors = descriptors(fds, false);
    long[] heap = new long[HEAP_SAMPLES];
    for (int i = 0; i < HEAP_SAMPLES; i++) {
      if (i > 0) {
        Thread.sleep(2_000);
      }
      heap[i] = liveHeapAfterFullGc(stack.vigil.pid());
    }
    Arrays.sort(heap);
    return new Reading(
        heap[HEAP_SAMPLES / 2],
        threads,
        connections,
        sockets,
        descriptors,
        stack.queryLong("select pg_database_size(current_database())"),
        stack.queryLong(
            "select coalesce(sum(pg_total_relation_size(c.oid)), 0) from pg_class c"
                + " join pg_namespace n on n.oid = c.relnamespace"
                + " where n.nspname = 'public' and c.relkind = 'r'"
                + " and c.relname like 'watcher\\_%'"),
        stack.queryLong("select count(*) from watcher_channel"),
        (long) sample(metrics, "http_server_requests_seconds_count", ""),
        (long) sample(metrics, "http_server_requests_seconds_count", "status=\"5"),
        tables());
  }

  /** One table of the run's database: live rows (PostgreSQL's estimate) and bytes with indexes. */
  record TableSize(long rows, long bytes) {}

  private Map<String, TableSize> tables() {
    var postgres = TestInfrastructure.get().postgres();
    try (Connection connection =
            DriverManager.getConnection(stack.jdbcUrl, postgres.user(), postgres.password());
        PreparedStatement statement =
            connection.prepareStatement(
                "select relname, n_live_tup, pg_total_relation_size(relid)"
                    + " from pg_stat_user_tables order by relname");
        ResultSet rows = statement.executeQuery()) {
      Map<String, TableSize> tables = new TreeMap<>();
      while (rows.next()) {
        tables.put(rows.getString(1), new TableSize(rows.getLong(2), rows.getLong(3)));
      }
      return tables;
    } catch (SQLException e) {
      throw new IllegalStateException("reading the table sizes", e);
    }
  }

  /**
   * Bytes of the objects alive after a full collection: {@code jcmd GC.class_histogram} collects
   * the whole heap first (its default is live objects only) and totals what survived.
   */
  static long liveHeapAfterFullGc(long pid) {
    String output = jcmd(pid, "GC.class_histogram");
    Matcher total = TOTAL.matcher(output);
    if (!total.find()) {
      throw new IllegalStateException(
          "no total in the class histogram of " + pid + ":\n" + tail(output));
    }
    return Long.parseLong(total.group(2));
  }

  static String jcmd(long pid, String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process process =
          new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command)
              .redirectErrorStream(true)
              .start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("jcmd " + command + " did not finish");
      }
      return new String(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String tail(String text) {
    return text.length() > 2_000 ? text.substring(text.length() - 2_000) : text;
  }

  /**
   * Sum of a meter's samples whose labels contain {@code labelFragment}, with or without labels.
   */
  static double sample(String metrics, String name, String labelFragment) {
    Matcher lines =
        // Greedy to the last brace of the line: a label value may hold braces (uri="/a/{id}").
        Pattern.compile("^" + Pattern.quote(name) + "(?:\\{(.*)\\})? (\\S+)$", Pattern.MULTILINE)
            .matcher(metrics);
    double total = 0;
    boolean found = false;
    while (lines.find()) {
      String labels = lines.group(1) == null ? "" : lines.group(1);
      if (labels.contains(labelFragment)) {
        total += Double.parseDouble(lines.group(2));
        found = true;
      }
    }
    if (!found && labelFragment.isEmpty()) {
      throw new IllegalStateException("no " + name + " in the process's metrics");
    }
    return total;
  }

  /** Connections to this run's database other than the one asking. */
  private long databaseConnections() {
    var postgres = TestInfrastructure.get().postgres();
    try (Connection connection =
            DriverManager.getConnection(
                postgres.jdbcUrl("postgres"), postgres.user(), postgres.password());
        PreparedStatement statement =
            connection.prepareStatement(
                "select count(*) from pg_stat_activity where datname = ?"
                    + " and pid <> pg_backend_pid()")) {
      statement.setString(1, stack.database);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading pg_stat_activity", e);
    }
  }

  /** Open descriptors of the process: sockets only, or all. */
  private static long descriptors(Path fds, boolean socketsOnly) {
    List<Path> open = new ArrayList<>();
    try (Stream<Path> list = Files.list(fds)) {
      list.forEach(open::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!socketsOnly) {
      return open.size();
    }
    long sockets = 0;
    for (Path fd : open) {
      try {
        sockets += Files.readSymbolicLink(fd).toString().startsWith("socket:") ? 1 : 0;
      } catch (IOException closedMeanwhile) {
        // the descriptor was closed between the listing and the read: not open any more
      }
    }
    return sockets;
  }
}
