package io.vigil.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A separately started Vigil process from the packaged application ({@code
 * target/quarkus-app/quarkus-run.jar}), for tests that need several instances, real HTTP between
 * them, or an abrupt kill. Its output goes to a log file under {@code target/processes}. Each
 * process has two loopback ports: the API's and the management interface's (health, metrics).
 * Processes start from an AOT cache made once per test JVM ({@link ProcessAotCache}).
 */
public final class VigilProcess implements AutoCloseable {

  /**
   * How long a process may take to become ready: generous, because a loaded 2-core machine has been
   * seen taking well over two minutes to start one.
   */
  public static final Duration STARTUP = Duration.ofSeconds(300);

  /**
   * The Kafka consumers of a test process leave their group 10 s after the process is killed
   * (SIGKILL) instead of Kafka's default 45 s: until then the group keeps the dead member's
   * partitions, and a process started in its place is not ready (it has no partition assignment),
   * nor does a standby replica take them over. Heartbeats go every second, so only a process that
   * stalls for 10 s loses its partitions (and gets them back by joining again).
   */
  static final Map<String, String> KAFKA_CONSUMERS = kafkaConsumers();

  private static Map<String, String> kafkaConsumers() {
    Map<String, String> settings = new TreeMap<>();
    for (String channel :
        List.of("relay-tx-requests", "watcher-channel-events", "watcher-tx-outcomes")) {
      settings.put("mp.messaging.incoming." + channel + ".session.timeout.ms", "10000");
      settings.put("mp.messaging.incoming." + channel + ".heartbeat.interval.ms", "1000");
    }
    return Map.copyOf(settings);
  }

  private final Process process;
  private final int port;
  private final int managementPort;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private VigilProcess(Process process, int port, int managementPort, Path log) {
    this.process = process;
    this.port = port;
    this.managementPort = managementPort;
    this.log = log;
  }

  public static Path applicationJar() {
    Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: package the application first");
    }
    return jar;
  }

  /**
   * Starts a process with these properties (as -D flags) on free ports, unless the properties name
   * them; does not wait.
   */
  public static VigilProcess launch(String name, Map<String, String> properties) {
    return launch(name, properties, List.of());
  }

  /**
   * Starts a process as {@link #launch(String, Map)} does, with these JVM options before {@code
   * -jar} (for example an AOT cache option).
   */
  public static VigilProcess launch(
      String name, Map<String, String> properties, List<String> jvmOptions) {
    int port = Ports.free();
    Map<String, String> all = new TreeMap<>(properties);
    all.putIfAbsent("quarkus.http.port", String.valueOf(port));
    all.putIfAbsent("quarkus.http.host", "127.0.0.1");
    all.putIfAbsent("quarkus.management.port", String.valueOf(Ports.free()));
    all.putIfAbsent("quarkus.management.host", "127.0.0.1");
    TestAuth.properties().forEach(all::putIfAbsent);
    KAFKA_CONSUMERS.forEach(all::putIfAbsent);
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx512m");
    if (!ProcessAotCache.chosenIn(jvmOptions)) {
      command.addAll(ProcessAotCache.options());
    }
    command.addAll(jvmOptions);
    all.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(applicationJar().toString());
    try {
      Path logs = Files.createDirectories(Path.of("target", "processes"));
      Path log = logs.resolve(name + "-" + port + ".log");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new VigilProcess(
          process,
          Integer.parseInt(all.get("quarkus.http.port")),
          Integer.parseInt(all.get("quarkus.management.port")),
          log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a process and waits until its readiness check is UP. */
  public static VigilProcess start(String name, Map<String, String> properties) {
    return start(name, properties, List.of());
  }

  /** Starts a process with these JVM options and waits until its readiness check is UP. */
  public static VigilProcess start(
      String name, Map<String, String> properties, List<String> jvmOptions) {
    VigilProcess vigil = launch(name, properties, jvmOptions);
    try {
      vigil.awaitReady(STARTUP);
    } catch (RuntimeException | Error notReady) {
      // Nobody holds the process yet to stop it: stop it here, or it outlives the test.
      vigil.close();
      throw notReady;
    }
    return vigil;
  }

  public void awaitReady(Duration timeout) {
    Await.until(
        "Vigil on port " + port + " to be ready (log: " + log + ")",
        timeout,
        () -> {
          if (!process.isAlive()) {
            throw new IllegalStateException(
                "Vigil exited with " + process.exitValue() + ":\n" + output());
          }
          return getManagement("/q/health/ready").statusCode() == 200;
        });
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The management interface: health, metrics, OpenAPI (paths under /q). */
  public String managementUrl() {
    return "http://127.0.0.1:" + managementPort;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** GET on the API port. */
  public HttpResponse<String> get(String path) {
    return fetch(baseUrl() + path);
  }

  /**
   * Sum of a meter's samples whose labels contain all the given fragments, from its metrics. A
   * meter without labels has one sample, which matches when no fragment is given.
   */
  public double metric(String name, String... labelFragments) {
    return sum(getManagement("/q/metrics").body(), name, labelFragments);
  }

  /**
   * Sum of the samples of {@code name} in Prometheus text {@code text} whose labels contain every
   * fragment. The value is a line's last field: label values may hold braces and spaces (a route
   * such as {@code /messagesByHash/{hash}}).
   */
  static double sum(String text, String name, String... labelFragments) {
    double total = 0;
    Matcher lines =
        Pattern.compile("^" + Pattern.quote(name) + "(?:\\{(.*)\\})? (\\S+)$", Pattern.MULTILINE)
            .matcher(text);
    while (lines.find()) {
      String labels = lines.group(1) == null ? "" : lines.group(1);
      boolean all = true;
      for (String fragment : labelFragments) {
        all &= labels.contains(fragment);
      }
      if (all) {
        total += Double.parseDouble(lines.group(2));
      }
    }
    return total;
  }

  /** GET on the management port, e.g. {@code /q/metrics}. */
  public HttpResponse<String> getManagement(String path) {
    return fetch(managementUrl() + path);
  }

  private HttpResponse<String> fetch(String url) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", TestAuth.OPERATOR_AUTHORIZATION)
            .build();
    return HttpExchanges.sendForText(http, request);
  }

  /** Waits for the process to exit by itself and returns its exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("Vigil did not exit within " + timeout + ":\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /** Kills the process at once (SIGKILL): no shutdown hooks, no graceful close. */
  public void crash() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(10));
  }

  /** Stops the process gracefully (SIGTERM), killing it if it does not exit in time. */
  @Override
  public void close() {
    if (process.isAlive()) {
      stop(process);
    }
  }

  /**
   * Stops the process gracefully (SIGTERM), killing it if it does not exit within {@code grace}.
   */
  public void close(Duration grace) {
    if (process.isAlive()) {
      stop(process, grace);
    }
  }

  /** Stops {@code process} with SIGTERM, killing it if it does not exit within 20 seconds. */
  static void stop(Process process) {
    stop(process, Duration.ofSeconds(20));
  }

  /** Stops {@code process} with SIGTERM, killing it if it does not exit within {@code grace}. */
  static void stop(Process process, Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
